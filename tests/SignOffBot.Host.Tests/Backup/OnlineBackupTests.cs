using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Core.Outcomes;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Tests.Api;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Slack.Flows;
using SignOffBot.Host.Tests.Storage;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.Backup.BackupKit;

namespace SignOffBot.Host.Tests.Backup;

/// <summary><c>backup</c> of a running host through <c>POST /api/v1/store/backup</c>, while people answer.</summary>
public sealed class OnlineBackupTests
{
    private const int Items = 40;

    private static readonly (string SlackUser, string Person, string Slot)[] Reviewers =
    [
        ("U0OPS", "ops@example.com", "IT & Operations"),
        ("U0BEN", "ben@example.com", "Risk & Compliance"),
    ];

    [Fact]
    public async Task Backup_TakenWhileAnswersStreamIn_OpensAndVerifies_AndHoldsEveryAnswerAcknowledgedBeforeItStarted()
    {
        await using var host = await TwoPlatformFixture.StartAsync(settings: BackupKeySettings());
        var keys = Enumerable.Range(1, Items).Select(n => $"fraud-detection/stream-{n}@1").ToList();
        foreach (var key in keys)
        {
            await ApiJson.RegisterAsync(host.Api, "fraud-detection", key["fraud-detection/".Length..^2], "1", "ana@example.com");
            var requested = await host.Api.PostAsync($"/api/v1/items/{key}/request-feedback", ApiJson.Body(new { by = "ana@example.com" }));
            Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        }

        // Reviewers press Approve in Slack, item after item, and a pipeline registers items, all at once; each
        // acknowledgement is noted with the moment it came back.
        var answers = new ConcurrentQueue<(string Item, string Person, string Slot, long At)>();
        var registrations = new ConcurrentQueue<(string Item, long At)>();
        using var stop = new CancellationTokenSource();
        var answering = Reviewers.Select(reviewer => Task.Run(async () =>
        {
            foreach (var key in keys)
            {
                var value = new JsonObject { ["item"] = key, ["slot"] = reviewer.Slot };
                await host.SlackInteractAsync(SlackFixture.Press(reviewer.SlackUser, "feedback.approve", value));
                answers.Enqueue((key, reviewer.Person, reviewer.Slot, Stopwatch.GetTimestamp()));
            }
        })).ToList();
        var registering = Task.Run(async () =>
        {
            for (var n = 1; !stop.IsCancellationRequested; n++)
            {
                await ApiJson.RegisterAsync(host.Api, "fraud-detection", $"pipeline-{n}", "1", "ana@example.com");
                registrations.Enqueue(($"fraud-detection/pipeline-{n}@1", Stopwatch.GetTimestamp()));
            }
        });

        var deadline = Environment.TickCount64 + 20_000;
        while (answers.Count < Items / 2)
        {
            Assert.True(Environment.TickCount64 < deadline, "the answers did not come in within 20 s");
            await Task.Delay(5);
        }

        var file = Path.Combine(TempFolder.Create(), "backups", "signoff-backup.db");
        var started = Stopwatch.GetTimestamp();
        var run = await BackupAsync([file, "--host", "http://localhost", "--config", ConfigFor(host.App.DatabasePath)], BackupKey, host.App.Server.CreateHandler());
        await Task.WhenAll(answering);
        await stop.CancelAsync();
        await registering;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"Backup written to {file} (online, from the host at http://localhost/)", run.Output, StringComparison.Ordinal);
        Assert.Contains("audit chain ok", run.Output, StringComparison.Ordinal);

        // Writes went on while the copy was made: some were acknowledged after it began.
        Assert.Contains(answers.Concat(registrations.Select(r => (r.Item, "", "", r.At))), a => a.At > started);
        var answeredBefore = answers.Where(a => a.At < started).ToList();
        var registeredBefore = registrations.Where(r => r.At < started).ToList();
        Assert.True(answeredBefore.Count >= Items / 2, $"{answeredBefore.Count} answers before the backup");

        var check = LiteDbBackup.Check(file);
        Assert.True(check.Audit.Ok, $"broken at {check.Audit.BrokenAt}");
        using var copy = LiteDbStorage.Open(CopyOf(file));
        var trail = copy.Audit.Trail().ToList();
        Assert.Equal(check.Audit.Events, trail.Count);
        foreach (var (item, person, slot, _) in answeredBefore)
        {
            Assert.Contains(trail, e => e.Action == AuditActions.Feedback && e.Item == item && e.Actor == person && e.Slot == slot);
        }

        foreach (var (item, _) in registeredBefore)
        {
            Assert.NotNull(copy.SignOffs.FindItem(StoreFixture.Key(item)));
        }

    }

    [Fact]
    public async Task BackupEndpoint_WithoutTheScope_Is401Or403_AndWithIt_IsTheWholeStoreAsOctets()
    {
        await using var app = new HostFixture();
        AddBackupKeys(app);
        await ApiJson.RegisterAsync(app.CreateClient(HostFixture.AllScopesKey), "fraud-detection", "churn-xgb", "7", "ana@example.com");

        var anonymous = await app.CreateClient().PostAsync("/api/v1/store/backup", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(ApiTestKit.ProblemJson, anonymous.Content.Headers.ContentType?.MediaType);
        var wrongKey = await app.CreateClient("sob_not-a-key").PostAsync("/api/v1/store/backup", null);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        foreach (var key in new[] { HostFixture.AllScopesKey, HostFixture.AuditOnlyKey })
        {
            var withoutScope = await ApiTestKit.AssertProblemAsync(await app.CreateClient(key).PostAsync("/api/v1/store/backup", null), HttpStatusCode.Forbidden);
            Assert.Contains("lacks the scope 'store:backup'", (string?)withoutScope["detail"], StringComparison.Ordinal);
        }

        // The copy holds every project: a key limited to some may not take it.
        await ApiTestKit.AssertProblemAsync(await app.CreateClient(LimitedBackupKey).PostAsync("/api/v1/store/backup", null), HttpStatusCode.Forbidden);

        var response = await app.CreateClient(BackupKey).PostAsync("/api/v1/store/backup", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("signoff-20261123T090000Z.db", response.Content.Headers.ContentDisposition?.FileName);
        var file = Path.Combine(TempFolder.Create(), "downloaded.db");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        var check = LiteDbBackup.Check(file);
        Assert.Equal(1, check.Items);
        Assert.Equal(new Core.Audit.AuditVerification(true, 1, null), check.Audit);

        // The host's own copy is gone once sent.
        var deadline = Environment.TickCount64 + 5_000;
        while (Directory.GetFiles(Path.GetDirectoryName(app.DatabasePath)!, "*.tmp").Length > 0)
        {
            Assert.True(Environment.TickCount64 < deadline, "the host kept its temporary copy");
            await Task.Delay(20);
        }
    }

    /// <summary>Reads go through a copy, so the backup under test is never opened for writing.</summary>
    private static string CopyOf(string file)
    {
        var copy = Path.Combine(TempFolder.Create(), "copy.db");
        File.Copy(file, copy);
        return copy;
    }
}
