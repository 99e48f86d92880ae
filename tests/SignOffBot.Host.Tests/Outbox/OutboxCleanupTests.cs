using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Notifications;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Outbox;

/// <summary>
/// The outbox does not keep every message ever sent: done messages (deliveries sent, notices planned) go once older
/// than <c>Outbox:KeepDone</c>, removed by the host's own hourly cleanup; dead letters, open deliveries and the audit stay.
/// </summary>
public sealed class OutboxCleanupTests
{
    [Fact]
    public async Task DoneMessages_GoOnceOlderThanKeepDone_WhileTheDeadLetterAndTheAuditStay()
    {
        await using var host = await TwoPlatformFixture.StartAsync(settings: new Dictionary<string, string?> { ["Outbox:KeepDone"] = "2.00:00:00" });
        host.Slack.FailNextWithError("chat.postMessage", "channel_not_found", channel: TwoPlatformFixture.SlackReleaseChannel);
        await host.RegisterAndRequestFeedbackAsync();
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        var storage = host.App.Services.GetRequiredService<LiteDbStorage>();
        var sentBy = host.App.Time.GetUtcNow().UtcDateTime;
        List<OutboxMessage> All() => storage.ReadAll<OutboxMessage>(LiteDbSetup.Outbox);
        List<OutboxMessage> Old() => [.. All().Where(m => m.CreatedAt.ToUniversalTime() <= sentBy)];
        var before = Old();
        Assert.True(before.Count(m => m.Status == OutboxStatus.Sent) >= 2, "the request's deliveries went out");
        var dead = Assert.Single(before, m => m.Status == OutboxStatus.Dead);
        var auditBefore = await AuditEventsAsync(host);

        // A day on: younger than KeepDone, so the cleanup, run by the host and here once more, keeps every message.
        host.App.Time.Advance(TimeSpan.FromDays(1));
        var cleanup = host.App.Services.GetRequiredService<OutboxCleanup>();
        Assert.Equal(0, cleanup.RemoveDone(CancellationToken.None));
        Assert.Equal(before.Select(m => m.Id).Order(), Old().Select(m => m.Id).Order());

        // Two more days: the host's own hourly run removes every old done message. The dead letter and the Teams
        // deliveries still unreachable stay, and so does the newest message (LiteDB numbers the next one after it).
        var open = before.Where(m => m.Status is OutboxStatus.Waiting or OutboxStatus.Unreachable).Select(m => m.Id).ToList();
        host.App.Time.Advance(TimeSpan.FromDays(2));
        bool IsDone(OutboxMessage m) => m.Status is OutboxStatus.Sent or OutboxStatus.Planned;
        var deadline = Environment.TickCount64 + 15_000;
        while (Old().Count(IsDone) > 1)
        {
            Assert.True(Environment.TickCount64 < deadline, $"old done messages still there: {string.Join(", ", Old().Select(m => $"{m.Id} {m.Status}"))}");
            await Task.Delay(20);
        }

        var newest = All().Max(m => m.Id);
        var left = Old();
        Assert.All(left.Where(IsDone), m => Assert.Equal(newest, m.Id));
        Assert.Equal(open.Order(), left.Where(m => open.Contains(m.Id)).Select(m => m.Id).Order());
        Assert.Contains(left, m => m.Id == dead.Id);
        Assert.Contains(host.Logs.Entries, e => e.Message.StartsWith("Outbox: removed ", StringComparison.Ordinal) && e.Message.Contains("older than 2.00:00:00", StringComparison.Ordinal));

        var letters = await ApiJson.ReadAsync(await host.Api.GetAsync("/api/v1/outbox/dead"));
        Assert.Contains(letters.AsArray(), l => (long?)l!["id"] == dead.Id);
        Assert.Equal(auditBefore, await AuditEventsAsync(host));
    }

    /// <summary>The events of the whole trail, once it verifies.</summary>
    private static async Task<int> AuditEventsAsync(TwoPlatformFixture host)
    {
        var response = await host.Api.GetAsync("/api/v1/audit/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verified = await ApiJson.ReadAsync(response);
        Assert.True((bool?)verified["ok"], verified.ToJsonString());
        return (int)verified["events"]!;
    }
}
