using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Slack.Flows;
using SignOffBot.Host.Tests.Teams.Flows;
using SignOffBot.Testing;
using SignOffBot.Testing.Slack;
using SignOffBot.Testing.Teams;
using TeamsActivity = SignOffBot.Host.Teams.Payloads.Activity;

namespace SignOffBot.Host.Tests.Cluster;

/// <summary>
/// Issue 16: two host processes on one PostgreSQL database behind one URL behave as one bot. Teams and Slack are both
/// configured (their platforms played by loopback fakes); Ben answers from Slack, Bea from Teams (she never wrote to the
/// bot: the team's roster is how it knows her), every fourth answer is delivered again to the other host as a platform
/// retry; Olga never answers, so her reminders come due during the run. Then one host is killed with SIGKILL while it
/// holds deliveries it claimed, and the other goes on alone.
/// </summary>
public sealed class TwoHostClusterTests
{
    private const string ApiKey = "cluster-test-api-key";
    private const string Project = "fraud-detection";
    private const string TeamId = "19:fraud-release@thread.tacv2";
    private const string RiskSlot = "Risk & Compliance";
    private const string BusinessSlot = "Business";
    private const int FirstBatch = 12;
    private const int SecondBatch = 24;
    private static readonly TimeSpan ReminderAfter = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task TwoHosts_OnOneDatabase_ActAsOneBot_AndTheSurvivorTakesOverWhenOneIsKilled()
    {
        using var database = TestPostgres.CreateDatabase();
        await using var slack = await FakeSlackApi.StartAsync();
        await using var teams = await FakeBotFramework.StartAsync();
        foreach (var (user, email) in new[] { (TeamsFixture.Ana, "ana@example.com"), (TeamsFixture.Ben, "ben@example.com"), (TeamsFixture.Chen, "chen@example.com"), (TeamsFixture.Bea, "biz@example.com"), (TeamsFixture.Rita, "rita@example.com") })
        {
            teams.AddMember(user.Id, user.Aad, user.Name, email);
        }

        var folder = TempFolder.Create();
        var settings = Settings(database.ConnectionString, slack, teams);
        using var hostA = HostProcess.Start(settings, folder);
        using var hostB = HostProcess.Start(settings, folder);
        using var api = new LoadBalancer([hostA, hostB]);
        using (var probe = hostA.Client())
        {
            await hostA.WaitHealthyAsync(probe);
        }

        using (var probe = hostB.Client())
        {
            await hostB.WaitHealthyAsync(probe);
        }

        var signer = new SlackSigner(slack.SigningSecret, TimeProvider.System);
        var acknowledged = new ConcurrentBag<(int Version, string Person)>();
        var retried = 0;

        // The app is installed in the team: the roster is how the bot reaches Ben, Chen and Bea, who never wrote to it.
        var installed = await api.SendToAsync(0, () => Activity(teams, teams.BotAddedToTeamActivity(TeamId)));
        Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        await WaitUntilAsync(() => database.Scalar("SELECT count(*) FROM platform_records WHERE set_name = 'teams_references' AND doc->>'PersonId' = 'biz@example.com'") > 0,
            TimeSpan.FromSeconds(15), "the bot did not learn Bea from the team's roster");

        // ---- phase 1: both hosts up
        await RequestReviewsAsync(api, 1, FirstBatch);
        await AnswerAsync(api, signer, teams, 1, FirstBatch, acknowledged, () => Interlocked.Increment(ref retried));
        await WaitUntilAsync(() => Reminders(slack).Count >= FirstBatch, ReminderAfter + TimeSpan.FromSeconds(30),
            $"Olga's {FirstBatch} reminders were not sent\n{Dump(database)}\nA:\n{hostA.Log}\nB:\n{hostB.Log}");
        await WaitUntilAsync(() => Open(database) == 0, TimeSpan.FromSeconds(30), "the outbox did not drain with both hosts up");

        var phaseOne = Duplicates(slack, teams);
        Assert.True(phaseOne.Count == 0, $"sent more than once with both hosts up:\n{string.Join('\n', phaseOne)}");
        Assert.Equal(Enumerable.Range(1, FirstBatch).Select(Item).Order(), Reminders(slack).Order());
        Assert.Equal(0, database.Scalar("SELECT count(*) FROM outbox WHERE claimed_by IS NOT NULL")); // every claim released once stored

        // ---- phase 2: host A is killed with SIGKILL mid-stream, while it holds claimed deliveries
        await RequestReviewsAsync(api, FirstBatch + 1, FirstBatch + SecondBatch);
        // Slack holds every call open until A is dead, so a Slack delivery A holds at the wait is still claimed at the kill.
        slack.Hold(null);
        var streaming = AnswerAsync(api, signer, teams, FirstBatch + 1, FirstBatch + SecondBatch, acknowledged, () => Interlocked.Increment(ref retried));
        var hostAClaims = $"{Environment.MachineName}:{hostA.Id.ToString(CultureInfo.InvariantCulture)}:%";
        await WaitUntilAsync(() => database.Scalar("SELECT count(*) FROM outbox WHERE claimed_by LIKE @host AND platform = 'slack' AND status IN ('waiting', 'unreachable')", ("host", hostAClaims)) > 0,
            TimeSpan.FromSeconds(20), "host A never held a claim to kill it with");
        hostA.Kill();
        var takenOver = Ids(database, "SELECT id FROM outbox WHERE claimed_by LIKE @host AND status IN ('waiting', 'unreachable')", hostAClaims);
        slack.Release(null);
        await streaming;

        await WaitUntilAsync(() => Reminders(slack).Count >= FirstBatch + SecondBatch, ReminderAfter + TimeSpan.FromSeconds(45),
            $"Olga's reminders after the kill were not all sent ({Reminders(slack).Count} of {FirstBatch + SecondBatch})\n{Dump(database)}\n{hostB.Log}");
        await WaitUntilAsync(() => Open(database) == 0, TimeSpan.FromSeconds(45), $"the survivor did not send what host A had claimed ({Open(database)} open)\n{hostB.Log}");

        // ---- every acknowledged answer once, the chain whole, every delivery out, each reminder once
        using var survivor = hostB.Client(ApiKey);
        var problems = new List<string>();
        foreach (var version in Enumerable.Range(1, FirstBatch + SecondBatch))
        {
            var item = await ApiJson.ReadAsync(await survivor.GetAsync($"/api/v1/items/{Item(version)}"));
            foreach (var (person, slot) in new[] { ("ben@example.com", RiskSlot), ("biz@example.com", BusinessSlot) })
            {
                var answers = SlackFixture.Slot(item, slot)["answers"]!.AsArray().Count(a => (string?)a!["by"] == person && (string?)a["answer"] == "approve");
                if (answers != 1)
                {
                    problems.Add($"{Item(version)} {slot}: {answers} approvals by {person}, acknowledged {acknowledged.Count(a => a == (version, person))} time(s)");
                }
            }
        }

        var audited = database.Scalar("SELECT count(*) FROM audit WHERE action = 'feedback'");
        var verify = await ApiJson.ReadAsync(await survivor.GetAsync("/api/v1/audit/verify"));
        var reminders = Reminders(slack);
        var duplicates = Duplicates(slack, teams);
        var summary = $"{acknowledged.Distinct().Count()} answers acknowledged ({acknowledged.Count} acknowledgements: {Volatile.Read(ref retried)} Slack presses and as many Teams invokes delivered again to the other host), feedback audit events {audited}, "
            + $"claims of host A taken over {takenOver.Count}, reminders {reminders.Count}, duplicates after the kill {duplicates.Count}, audit {verify.ToJsonString()}";
        Console.WriteLine($"[two-host] {summary}");

        Assert.True(problems.Count == 0, $"{summary}\n{string.Join('\n', problems)}");
        Assert.Equal(2 * (FirstBatch + SecondBatch), acknowledged.Distinct().Count());
        Assert.Equal(2L * (FirstBatch + SecondBatch), audited);
        Assert.True((bool?)verify["ok"] == true, summary);
        Assert.Equal(reminders.Distinct().Count(), reminders.Count);
        Assert.Equal(Enumerable.Range(1, FirstBatch + SecondBatch).Select(Item).Order(), reminders.Order());
        Assert.NotEmpty(takenOver);
        Assert.Equal(0, database.Scalar("SELECT count(*) FROM outbox WHERE id = ANY(@ids) AND status <> 'sent'", ("ids", takenOver.ToArray())));
        // Only a delivery host A was sending at the very moment it died can have reached a platform twice.
        Assert.True(duplicates.Count <= takenOver.Count, $"{summary}\n{string.Join('\n', duplicates)}");
    }

    private static Dictionary<string, string> Settings(string connectionString, FakeSlackApi slack, FakeBotFramework teams)
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres:ConnectionString"] = connectionString,
            ["Api:Keys:0:Name"] = "ci",
            ["Api:Keys:0:Sha256"] = HostFixture.Sha256Hex(ApiKey),
            ["Api:Keys:0:Scopes:0"] = "items:write",
            ["Api:Keys:0:Scopes:1"] = "deploy:check",
            ["Api:Keys:0:Scopes:2"] = "audit:read",
            ["RateLimits:Api:PerSecond"] = "100000",
            ["RateLimits:Api:Burst"] = "100000",
            ["Outbox:SlackPace"] = "00:00:00",
            ["Outbox:TeamsPace"] = "00:00:00",
            ["Outbox:ClaimLease"] = "00:00:05",
            ["Reminders:FirstAfter"] = ReminderAfter.ToString("c", CultureInfo.InvariantCulture),
            ["Reminders:Every"] = "1.00:00:00",
            ["Reminders:MaxCount"] = "1",
            ["Reminders:WorkingHours:Start"] = "00:00",
            ["Reminders:WorkingHours:End"] = "23:59:59",
            ["Reminders:Cluster:CheckinInterval"] = "00:00:01",
            ["Reminders:Cluster:CheckinMisfireThreshold"] = "00:00:01",
            ["Reminders:Cluster:ScanEvery"] = "00:00:02",
        };
        foreach (var (day, index) in new[] { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" }.Select((d, i) => (d, i)))
        {
            settings[$"Reminders:WorkingHours:Days:{index.ToString(CultureInfo.InvariantCulture)}"] = day;
        }

        foreach (var (key, value) in slack.Settings().Concat(teams.Settings()))
        {
            settings[key] = value!;
        }

        return settings;
    }

    private static async Task RequestReviewsAsync(LoadBalancer api, int from, int to)
    {
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from + 1), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (version, _) =>
        {
            var v = version.ToString(CultureInfo.InvariantCulture);
            var registered = await api.SendAsync(() => Post("/api/v1/items", new JsonObject { ["project"] = Project, ["name"] = "churn-xgb", ["version"] = v, ["owner"] = "ana@example.com", ["risk"] = "low" }));
            Assert.True(registered.IsSuccessStatusCode, $"register {Item(version)}: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
            var requested = await api.SendAsync(() => Post($"/api/v1/items/{Item(version)}/request-feedback", new JsonObject { ["by"] = "ana@example.com" }));
            Assert.True(requested.IsSuccessStatusCode, $"request-feedback {Item(version)}: {(int)requested.StatusCode} {await requested.Content.ReadAsStringAsync()}");
        });
    }

    /// <summary>
    /// Ben approves Risk &amp; Compliance from Slack and Bea approves Business from Teams on each version, through the
    /// balancer; every fourth answer is delivered a second time (the same trigger, the same activity id) to the other
    /// host, as a platform retries a delivery it saw no answer to.
    /// </summary>
    private static async Task AnswerAsync(LoadBalancer api, SlackSigner signer, FakeBotFramework teams, int from, int to, ConcurrentBag<(int, string)> acknowledged, Action retried)
    {
        var counter = 0;
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from + 1), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (version, _) =>
        {
            var press = SlackFixture.Press(SlackFixture.Ben, "feedback.approve", new JsonObject { ["item"] = Item(version), ["slot"] = RiskSlot });
            var invoke = teams.InvokeActivity(
                "adaptiveCard/action",
                new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "feedback.approve", ["data"] = new JsonObject { ["item"] = Item(version), ["slot"] = BusinessSlot } }, ["trigger"] = "manual" },
                TeamsFixture.Bea.Id, TeamsFixture.Bea.Aad, TeamsFixture.Bea.Name);
            var retry = Interlocked.Increment(ref counter) % 4 == 0;
            var first = version % 2;
            foreach (var attempt in retry ? [0, 1] : new[] { 0 })
            {
                var slackAnswer = await api.SendToAsync(first + attempt, () =>
                {
                    var request = signer.InteractionRequest(press);
                    if (attempt > 0)
                    {
                        request.Headers.Add("X-Slack-Retry-Num", "1");
                        request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
                    }

                    return request;
                });
                if (slackAnswer.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.Add((version, "ben@example.com"));
                }

                var teamsAnswer = await api.SendToAsync(first + attempt + 1, () => Activity(teams, invoke));
                if (teamsAnswer.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.Add((version, "biz@example.com"));
                }

                if (attempt > 0)
                {
                    retried();
                }
            }
        });
    }

    private static HttpRequestMessage Post(string path, JsonObject body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return request;
    }

    private static HttpRequestMessage Activity(FakeBotFramework teams, TeamsActivity activity)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(FakeBotFramework.Json(activity), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", teams.ChannelAuthorization());
        return request;
    }

    /// <summary>The items Olga was reminded of (one entry per reminder sent to her Slack DM).</summary>
    private static List<string> Reminders(FakeSlackApi slack) =>
        [.. slack.CallsTo("chat.postMessage")
            .Where(c => c.Ok && c.Arg("channel") == FakeSlackApi.DmChannelFor(SlackFixture.Ops) && (c.Arg("text") ?? "").StartsWith("Reminder 1 of 1:", StringComparison.Ordinal))
            .Select(c => c.Arg("text")!.Split(' ')[7])];

    /// <summary>Messages that reached a platform more than once: the same post into the same conversation.</summary>
    private static List<string> Duplicates(FakeSlackApi slack, FakeBotFramework teams)
    {
        var slackPosts = slack.CallsTo("chat.postMessage").Where(c => c.Ok)
            .Select(c => $"slack {c.Arg("channel")} {c.Arg("thread_ts")} {c.Arg("text")} {c.Arg("blocks")}");
        var teamsPosts = teams.ConnectorRequests
            .Where(r => r.Method == "POST" && r.StatusCode is >= 200 and < 300 && r.Path.EndsWith("/activities", StringComparison.Ordinal))
            .Select(r => $"teams {r.ConversationId} {WithoutIds(r.Body)}");
        return [.. slackPosts.Concat(teamsPosts).GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Count()}× {g.Key[..Math.Min(g.Key.Length, 240)]}")];
    }

    private static string WithoutIds(JsonNode? body)
    {
        if (body?.DeepClone() is not JsonObject copy)
        {
            return body?.ToJsonString() ?? "";
        }

        copy.Remove("id");
        return copy.ToJsonString();
    }

    private static string Dump(TestDatabase database)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        var dump = new StringBuilder();
        foreach (var sql in new[]
        {
            "SELECT trigger_name, trigger_state, next_fire_time, prev_fire_time FROM qrtz_triggers",
            "SELECT instance_name, trigger_name, state, fired_time FROM qrtz_fired_triggers",
            "SELECT instance_name, last_checkin_time, checkin_interval FROM qrtz_scheduler_state",
            "SELECT min(next_due_at)::text, count(*) FROM reminders",
        })
        {
            using var command = new NpgsqlCommand(sql, connection);
            using var reader = command.ExecuteReader();
            dump.AppendLine(sql);
            while (reader.Read())
            {
                dump.AppendLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }

        return dump.ToString();
    }

    /// <summary>Deliveries and notices not sent yet (waiting or unreachable).</summary>
    private static long Open(TestDatabase database) => database.Scalar("SELECT count(*) FROM outbox WHERE status IN ('waiting', 'unreachable')");

    private static List<long> Ids(TestDatabase database, string sql, string host)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("host", host);
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, $"{failure} within {timeout.TotalSeconds:F0} s");
            await Task.Delay(100);
        }
    }

    private static string Item(int version) => $"{Project}/churn-xgb@{version.ToString(CultureInfo.InvariantCulture)}";
}
