using SignOffBot.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;
using SignOffBot.Host.Tests.Slack.Flows;

namespace SignOffBot.Host.Tests.Crash;

/// <summary>
/// Issue 7, crash test: the built host runs as a separate OS process over a LiteDB file; a stream of signed Slack
/// approvals is sent from several clients; the process is killed with SIGKILL while answers are in flight, then
/// restarted over the same file. Every answer that was acknowledged (HTTP 200) before the kill must be in the store
/// exactly once, the audit chain must verify and the store must open cleanly.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const string SigningSecret = "crash-test-signing-secret-0000000";
    private const string ApiKey = "crash-test-api-key";
    private const string Project = "fraud-detection";
    private const string Slot = "Risk & Compliance";
    private const int Versions = 400;
    private const int Clients = 8;

    [Fact]
    public async Task Sigkill_DuringAcknowledgedAnswers_EveryAcknowledgedAnswerSurvivesAndAuditVerifies()
    {
        var total = Stopwatch.StartNew();
        var folder = TempFolder.Create();
        var database = Path.Combine(folder, "signoff.db");
        var deadSlack = HostProcess.FreePort(); // nothing listens there: Slack notices just wait in the outbox
        HostProcess? host = null;
        try
        {
            // ---- first life: seed 400 versions with feedback requested
            host = HostProcess.Start(Settings(database, deadSlack), folder);
            using (var api = host.Client(ApiKey))
            {
                await host.WaitHealthyAsync(api);
                var next = 0;
                await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
                {
                    int v;
                    while ((v = Interlocked.Increment(ref next)) <= Versions)
                    {
                        await ApiJson.RegisterAsync(api, Project, "churn-xgb", v.ToString(System.Globalization.CultureInfo.InvariantCulture), "ana@example.com");
                        var requested = await api.PostAsync($"/api/v1/items/{Item(v)}/request-feedback", ApiJson.Body(new { by = "ana@example.com" }));
                        Assert.True(requested.IsSuccessStatusCode, $"request-feedback {Item(v)}: {(int)requested.StatusCode} {await requested.Content.ReadAsStringAsync()}");
                    }
                }));
            }

            // ---- the stream: Ben approves Risk & Compliance on a different version per press, from 8 clients
            var signer = new SlackSigner(SigningSecret, TimeProvider.System);
            var acknowledged = new ConcurrentBag<int>();
            var sent = 0;
            var killed = 0;
            var streaming = Stopwatch.StartNew();
            using var slackClient = host.Client(null);
            var cursor = 0;
            var workers = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                int v;
                while (Volatile.Read(ref killed) == 0 && (v = Interlocked.Increment(ref cursor)) <= Versions)
                {
                    var payload = SlackFixture.Press(SlackFixture.Ben, "feedback.approve", new JsonObject { ["item"] = Item(v), ["slot"] = Slot });
                    Interlocked.Increment(ref sent);
                    try
                    {
                        using var response = await slackClient.SendAsync(signer.InteractionRequest(payload));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledged.Add(v);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return; // the host is gone: this answer was never acknowledged
                    }
                }
            })).ToArray();

            // Kill after 1.5 s of streaming (or once half the versions are acknowledged), with requests in flight.
            while (streaming.Elapsed < TimeSpan.FromSeconds(1.5) && acknowledged.Count < Versions / 2 && !workers.All(w => w.IsCompleted))
            {
                await Task.Delay(10);
            }

            Assert.False(workers.All(w => w.IsCompleted), "the stream ran out before the kill: nothing was in flight");
            var killedAt = streaming.Elapsed;
            host.Kill();
            Volatile.Write(ref killed, 1);
            var ackedAtKill = acknowledged.Count;
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(15));
            var acked = acknowledged.Distinct().Order().ToArray();
            Assert.True(acked.Length > 0, "no answer was acknowledged before the kill");
            host.Dispose();
            host = null;

            // ---- second life over the same file
            host = HostProcess.Start(Settings(database, deadSlack), folder);
            using var api2 = host.Client(ApiKey);
            await host.WaitHealthyAsync(api2);

            var missing = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(acked, new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (v, ct) =>
            {
                using var response = await api2.GetAsync($"/api/v1/items/{Item(v)}", ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    missing.Add($"{Item(v)}: GET {(int)response.StatusCode} {body}");
                    return;
                }

                var item = JsonNode.Parse(body)!;
                var answers = SlackFixture.Slot(item, Slot)["answers"]!.AsArray()
                    .Where(a => (string?)a!["by"] == "ben@example.com" && (string?)a["answer"] == "approve")
                    .ToArray();
                if (answers.Length != 1)
                {
                    var audit = await (await api2.GetAsync($"/api/v1/audit?item={Item(v)}", ct)).Content.ReadAsStringAsync(ct);
                    missing.Add($"{Item(v)}: {answers.Length} approvals by Ben on {Slot} (acknowledged once): {SlackFixture.Slot(item, Slot).ToJsonString()}\naudit of the item: {audit}");
                }
            });

            var verify = await ApiJson.ReadAsync(await api2.GetAsync("/api/v1/audit/verify"));
            var health = await api2.GetAsync("/healthz");
            var healthBody = await health.Content.ReadAsStringAsync();

            var summary = $"sent {Volatile.Read(ref sent)}, acknowledged {acked.Length} ({ackedAtKill} when killed after {killedAt.TotalSeconds:F2} s of streaming), "
                + $"found after restart {acked.Length - missing.Count}, audit {verify.ToJsonString()}, total {total.Elapsed.TotalSeconds:F1} s";
            Console.WriteLine($"[crash-test] {summary}");
            Assert.True(missing.IsEmpty, $"{summary}\nacknowledged answers lost or duplicated after SIGKILL:\n{string.Join('\n', missing.Take(20))}\nhost log:\n{host.Log}");
            Assert.True((bool?)verify["ok"] == true, $"audit chain does not verify after restart: {verify.ToJsonString()}\n{summary}");
            Assert.True((int?)verify["events"] >= (2 * Versions) + acked.Length, $"fewer audit events than registrations, requests and acknowledged answers: {verify.ToJsonString()}\n{summary}");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Contains("\"storage\":\"ready\"", healthBody, StringComparison.Ordinal);
            Assert.True(total.Elapsed < TimeSpan.FromSeconds(60), $"the crash test took {total.Elapsed.TotalSeconds:F1} s (bound: 60 s)");
        }
        finally
        {
            host?.Dispose();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static Dictionary<string, string> Settings(string database, int slackPort) => new()
    {
        ["Storage:LiteDb:Path"] = database,
        ["Slack:SigningSecret"] = SigningSecret,
        ["Slack:BotToken"] = "xoxb-test",
        ["Slack:ApiBaseUrl"] = $"http://127.0.0.1:{slackPort}/api/",
        ["Api:Keys:0:Name"] = "ci",
        ["Api:Keys:0:Sha256"] = HostFixture.Sha256Hex(ApiKey),
        ["Api:Keys:0:Scopes:0"] = "items:write",
        ["Api:Keys:0:Scopes:1"] = "deploy:check",
        ["Api:Keys:0:Scopes:2"] = "audit:read",
        // The set-up registers and requests 2 × Versions items with one key as fast as it can.
        ["RateLimits:Api:PerSecond"] = "100000",
        ["RateLimits:Api:Burst"] = "100000",
    };

    private static string Item(int version) => $"{Project}/churn-xgb@{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
