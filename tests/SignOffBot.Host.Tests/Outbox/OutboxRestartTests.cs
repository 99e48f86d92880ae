using SignOffBot.Testing;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;
using static SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Outbox;

public sealed class OutboxRestartTests
{
    private const string PostMessage = "chat.postMessage";

    [Fact]
    public async Task HostStoppedWithMessagesPending_TheNextHostOverTheSameStoreDeliversEachOnce()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        string databasePath;
        int pending, before, atStop;
        string? failedChannel, failedText;
        await using (var first = await OutboxSlackFixture.OverAsync(slack, Path.Combine(TempFolder.Create(), "data", "signoff.db")))
        {
            databasePath = first.App.DatabasePath;
            await first.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");
            await first.DriveUntilAsync(async () => await first.WaitingAsync() == 0);

            // The first post fails with 500; the Slack client then waits (in fake time, which stands still) to retry,
            // so that delivery (and any later one to the same target) is still waiting when the host stops.
            before = slack.CallsTo(PostMessage).Count;
            slack.FailNextServerError(PostMessage);
            await first.CommandReplyAsync(Ana, "request-feedback fraud-detection/churn-xgb@7");
            await slack.WaitUntilAsync(calls => calls.Count(c => c.Method == PostMessage) > before);
            pending = await first.WaitingAsync();
            Assert.True(pending >= 1, $"{pending} waiting");
        }

        await DatabaseFiles.WaitUntilClosedAsync(databasePath);
        var failed = slack.CallsTo(PostMessage).Skip(before).First(c => !c.Ok);
        (failedChannel, failedText) = (failed.Arg("channel"), failed.Arg("text"));
        atStop = slack.CallsTo(PostMessage).Count;
        Assert.DoesNotContain(slack.CallsTo(PostMessage).Skip(before), c => c.Ok && c.Arg("channel") == failedChannel && c.Arg("text") == failedText);

        await using var second = await OutboxSlackFixture.OverAsync(slack, databasePath);
        await second.DriveUntilAsync(async () => await second.WaitingAsync() == 0);
        second.App.Time.Advance(TimeSpan.FromMinutes(1));
        await second.Dispatcher.DispatchDueAsync(CancellationToken.None);

        var delivered = slack.CallsTo(PostMessage).Skip(before).Where(c => c.Ok).GroupBy(c => (c.Arg("channel"), c.Arg("text"))).ToList();
        Assert.All(delivered, g => Assert.Single(g));
        Assert.True(delivered.Count >= 4, $"{delivered.Count} delivered"); // three review requests by DM, the release-channel status, any command reply
        Assert.Contains(delivered, g => g.Key.Item1 == ReleaseChannel && g.Key.Item2!.Contains("requested feedback", StringComparison.Ordinal));
        // The delivery pending at the stop went out once, from the second host.
        Assert.Single(slack.CallsTo(PostMessage).Skip(atStop), c => c.Ok && c.Arg("channel") == failedChannel && c.Arg("text") == failedText);
        Assert.Equal(0, (int)(await second.HealthAsync())["outbox"]!["deadLetters"]!);
    }
}
