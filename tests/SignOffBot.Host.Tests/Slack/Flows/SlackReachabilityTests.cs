using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;

namespace SignOffBot.Host.Tests.Slack.Flows;

/// <summary>
/// Teams and Slack both on: people without a SlackUserId are found by e-mail, and release channels the bot is not in
/// are joined (public) or wait, shown in /healthz, until the bot is invited (private).
/// </summary>
public sealed class SlackReachabilityTests
{
    private const string Item = "fraud-detection/churn-xgb@7";
    private const string PostMessage = "chat.postMessage";

    [Fact]
    public async Task ReviewerWithoutSlackUserId_IsFoundByEmail_GetsTheirCard_AndTheFoundIdIsKept()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        // Bea has no SlackUserId in the directory; the workspace knows her address. Rita's address is not in Slack.
        host.Slack.AddUser("U0BEA", "biz@example.com", "bea", "Bea Martins");

        await host.RegisterAndRequestFeedbackAsync();
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        Assert.Single(host.Slack.CallsTo(PostMessage), c => c.Ok && c.Arg("channel") == FakeSlackApi.DmChannelFor("U0BEA") && c.Body?["blocks"] is not null);
        Assert.Contains(host.Slack.CallsTo("users.lookupByEmail"), c => c.Arg("email") == "biz@example.com");
        var people = host.App.Services.GetRequiredService<SlackPeople>();
        Assert.Equal("U0BEA", people.SlackUserIdOf("biz@example.com"));
        Assert.Equal("biz@example.com", people.Find("U0BEA")?.Id);
        Assert.Equal(0, (int)(await host.HealthAsync())["outbox"]!["deadLetters"]!);
        Assert.Single(host.Slack.CallsTo("users.lookupByEmail"), c => c.Arg("email") == "biz@example.com");
    }

    [Fact]
    public async Task PublicReleaseChannelTheBotIsNotIn_IsJoined_AndGetsItsStatusLineOnce()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        host.Slack.NotMemberOf(TwoPlatformFixture.SlackReleaseChannel, isPrivate: false);

        await host.RegisterAndRequestFeedbackAsync();
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        Assert.Contains(host.Slack.CallsTo("conversations.join"), c => c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel);
        Assert.Single(host.Slack.CallsTo(PostMessage), c => c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel && c.Arg("text")!.Contains("requested feedback", StringComparison.Ordinal));
        Assert.Equal(0, (int)(await host.HealthAsync())["outbox"]!["deadLetters"]!);
    }

    [Fact]
    public async Task PrivateReleaseChannelTheBotIsNotIn_WaitsAsUnreachableInHealthz_AndGoesOutOnceTheBotIsInvited()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        host.Slack.NotMemberOf(TwoPlatformFixture.SlackReleaseChannel, isPrivate: true);

        await host.RegisterAndRequestFeedbackAsync();
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        var health = await host.HealthAsync();
        Assert.Equal(0, (int)health["outbox"]!["deadLetters"]!);
        Assert.True((int)health["outbox"]!["platforms"]!["slack"]!["unreachable"]! >= 1, health.ToJsonString());
        Assert.Contains(TwoPlatformFixture.SlackReleaseChannel, (await host.DetailsAsync())["unreachable"]!["slackChannels"]!.AsArray().Select(c => (string?)c));
        Assert.DoesNotContain(host.Slack.CallsTo(PostMessage), c => c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel);

        host.Slack.Invite(TwoPlatformFixture.SlackReleaseChannel);
        host.App.Time.Advance(TimeSpan.FromMinutes(5));
        await host.DriveUntilAsync(async () => (int)(await host.HealthAsync())["outbox"]!["platforms"]!["slack"]!["unreachable"]! == 0
            && await host.WaitingAsync() == 0);

        Assert.Single(host.Slack.CallsTo(PostMessage), c => c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel && c.Arg("text")!.Contains("requested feedback", StringComparison.Ordinal));
        Assert.Empty((await host.DetailsAsync())["unreachable"]!["slackChannels"]!.AsArray());
    }

    [Fact]
    public async Task ACardAnsweringACommandInAChannelTheBotIsNotIn_GoesBackThroughTheResponseUrl_NotToTheDeadLetters()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        await host.RegisterAndRequestFeedbackAsync();
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        // Ana asks for the status in a channel the bot was never added to: Slack refuses the bot's own post there.
        const string Elsewhere = "C0ELSEWHERE";
        host.Slack.FailNextWithError(PostMessage, "not_in_channel", channel: Elsewhere);
        var responseId = Guid.NewGuid().ToString("N");
        var command = await host.Http.SendAsync(host.Signer.CommandRequest(
            $"status {Item}", SlackFixture.Ana, "ana", Elsewhere, "elsewhere", host.Slack.ResponseUrl(responseId), null));
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        await host.DriveUntilAsync(() => Task.FromResult(host.Slack.ResponseUrlPostsFor(responseId).Count > 0));

        var answer = Assert.Single(host.Slack.ResponseUrlPostsFor(responseId));
        Assert.Equal("in_channel", (string?)answer.Body!["response_type"]);
        Assert.Contains("Sign-off: " + Item, answer.BodyText, StringComparison.Ordinal);
        Assert.NotNull(answer.Body["blocks"]);
        Assert.Single(host.Slack.CallsTo(PostMessage), c => c.Arg("channel") == Elsewhere && c.Error == "not_in_channel");
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        Assert.Equal(0, (int)(await host.HealthAsync())["outbox"]!["deadLetters"]!);
    }
}
