using System.Net;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Outbox;

public sealed class OutboxSlackFaultTests
{
    private const string PostMessage = "chat.postMessage";

    [Fact]
    public async Task SlackRateLimitsThenFailsTwice_TheMessageIsDeliveredOnce_AndTheAttemptsAreLogged()
    {
        await using var host = await OutboxSlackFixture.StartAsync();
        await host.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        // 429 with Retry-After: 1, then 500 twice, then the normal answers.
        var before = host.Slack.CallsTo(PostMessage).Count;
        host.Slack.FailNextRateLimited(PostMessage, retryAfterSeconds: 1, channel: ReleaseChannel);
        host.Slack.FailNextServerError(PostMessage, times: 2, channel: ReleaseChannel);
        await host.CommandReplyAsync(Ana, "request-feedback fraud-detection/churn-xgb@7", channel: "C0TEAMROOM");
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0
            && host.Slack.CallsTo(PostMessage).Skip(before).Any(c => c.Ok && c.Arg("channel") == ReleaseChannel));

        // Two more rounds later: nothing is sent again.
        host.App.Time.Advance(TimeSpan.FromMinutes(1));
        await host.DriveUntilAsync(() => Task.FromResult(true));
        await host.Dispatcher.DispatchDueAsync(CancellationToken.None);

        var posts = host.Slack.CallsTo(PostMessage).Skip(before).ToList();
        Assert.Equal([429, 500, 500], posts.Where(c => !c.Ok).Select(c => c.StatusCode).ToArray());
        var status = Assert.Single(posts, c => c.Ok && c.Arg("channel") == ReleaseChannel && c.Arg("text")!.Contains("requested feedback", StringComparison.Ordinal));
        Assert.Contains("requested feedback", status.Arg("text"), StringComparison.Ordinal);
        var delivered = posts.Where(c => c.Ok).GroupBy(c => (c.Arg("channel"), c.Arg("text"))).ToList();
        Assert.All(delivered, g => Assert.Single(g));
        Assert.True(delivered.Count >= 4, $"{delivered.Count} delivered"); // three review requests by DM, the release-channel status, any command reply

        // The status line went: 429 (client waits 1 s), 500 (client backs off), 500 (client gives up), outbox retry, sent.
        Assert.All(posts.Where(c => !c.Ok), c => Assert.Equal(status.Arg("text"), c.Arg("text")));
        Assert.Equal(4, posts.Count(c => c.Arg("text") == status.Arg("text") && c.Arg("channel") == ReleaseChannel));

        var logs = host.Logs.Entries.Select(e => e.Message).ToList();
        Assert.Equal(2, logs.Count(m => m.StartsWith("Slack chat.postMessage", StringComparison.Ordinal) && m.Contains("retrying in", StringComparison.Ordinal)));
        Assert.Contains(logs, m => m.Contains("answered 429", StringComparison.Ordinal));
        Assert.Contains(logs, m => m.Contains("answered 500", StringComparison.Ordinal));
        Assert.Contains(logs, m => m.Contains("left to the outbox", StringComparison.Ordinal));
        var failed = Assert.Single(logs, m => m.StartsWith("Outbox message ", StringComparison.Ordinal) && m.Contains("dead letter: False", StringComparison.Ordinal));
        var id = failed.Split(' ')[2];
        Assert.Contains(logs, m => m.StartsWith($"Outbox message {id} to slack will be retried at", StringComparison.Ordinal));
        Assert.Contains(logs, m => m.StartsWith($"Outbox message {id} sent to slack (attempt ", StringComparison.Ordinal));
        Assert.True(logs.Count(m => m.StartsWith($"Outbox message {id} (", StringComparison.Ordinal) && m.Contains("to slack: attempt", StringComparison.Ordinal)) >= 2);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task ChannelNotFound_BecomesADeadLetter_InHealthzAndTheDeadLetterApi()
    {
        await using var host = await OutboxSlackFixture.StartAsync();
        await host.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        host.Slack.FailNextWithError(PostMessage, "channel_not_found", channel: ReleaseChannel);
        var requestedAt = host.App.Time.GetUtcNow();
        await host.CommandReplyAsync(Ana, "request-feedback fraud-detection/churn-xgb@7", channel: "C0TEAMROOM");
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        var health = await host.HealthAsync();
        var all = (await ApiJson.ReadAsync(await host.Api.GetAsync("/api/v1/outbox/dead"))).ToJsonString();
        Assert.True(1 == (int?)health["outbox"]!["deadLetters"], all);
        Assert.Equal(1, (int?)health["outbox"]!["deadLetters"]);
        Assert.Equal(0, (int?)health["outbox"]!["waiting"]);

        var response = await host.Api.GetAsync("/api/v1/outbox/dead");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dead = (await ApiJson.ReadAsync(response)).AsArray();
        var letter = Assert.Single(dead)!;
        Assert.True((long)letter["id"]! > 0);
        Assert.True((int)letter["attempts"]! >= 1);
        Assert.Contains("channel_not_found", (string?)letter["lastError"], StringComparison.Ordinal);
        Assert.StartsWith("slack: ", (string?)letter["lastError"], StringComparison.Ordinal);
        Assert.Equal(SignOffBot.Host.Api.ApiViews.Time(requestedAt), (string?)letter["createdAt"]); // the API's UTC form, as every time it gives
        Assert.Equal("channel-status", (string?)letter["notice"]!["kind"]);
        Assert.Equal(("slack", $"channel:{ReleaseChannel}", "channel-status", Item),
            ((string?)letter["platform"], (string?)letter["target"], (string?)letter["kind"], (string?)letter["item"]));
        Assert.Equal(Item, (string?)letter["notice"]!["item"]);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("is a dead letter after", StringComparison.Ordinal));

        using var anonymous = host.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/outbox/dead")).StatusCode);
        using var itemsOnly = host.App.CreateClient(HostFixture.ItemsOnlyKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await itemsOnly.GetAsync("/api/v1/outbox/dead")).StatusCode);
        using var auditOnly = host.App.CreateClient(HostFixture.AuditOnlyKey);
        Assert.Single((await ApiJson.ReadAsync(await auditOnly.GetAsync("/api/v1/outbox/dead?limit=1"))).AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await auditOnly.GetAsync("/api/v1/outbox/dead?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await auditOnly.GetAsync("/api/v1/outbox/dead?limit=1001")).StatusCode);
    }
}
