using SignOffBot.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignOffBot.Host.Tests.Outbox;

/// <summary>On the real clock, the dispatcher wakes at a delivery's next attempt, not on a polling clock.</summary>
public sealed class OutboxTimingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ARetryAfterATransientFailure_GoesOutAtItsBackoff_NotAtAPoll()
    {
        await using var host = await TwoPlatformHost.StartAsync(systemClock: true);

        // The first status line in the Slack release channel meets a transient Slack error: the outbox retries it after
        // its first backoff (2 s); the dispatcher's backstop is 30 s.
        host.Slack.FailNextWithError("chat.postMessage", "internal_error", channel: TwoPlatformHost.SlackReleaseChannel);
        await host.RegisterAndRequestFeedbackAsync();

        var calls = await host.Slack.WaitUntilAsync(
            all => all.Any(c => c.Method == "chat.postMessage" && c.Ok && c.Arg("channel") == TwoPlatformHost.SlackReleaseChannel),
            TimeSpan.FromSeconds(15));
        var toChannel = calls.Where(c => c.Method == "chat.postMessage" && c.Arg("channel") == TwoPlatformHost.SlackReleaseChannel).ToList();
        var failed = Assert.Single(toChannel, c => !c.Ok);
        var retried = toChannel.First(c => c.Ok);
        var wait = (retried.ReceivedAt - failed.AnsweredAt).TotalSeconds;
        output.WriteLine($"retried {wait:F2} s after the failure");
        Assert.InRange(wait, 1.5, 4);
    }
}
