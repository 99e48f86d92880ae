using System.Net;
using static SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Slack.Flows;

/// <summary>A private refusal reaches the person who pressed even where the bot may not post an ephemeral message.</summary>
public sealed class SlackPrivateRefusalFlowTests
{
    [Fact]
    public async Task ARefusalTheBotCannotPostEphemerally_GoesThroughThePresssResponseUrl()
    {
        await using var slack = await SlackFixture.StartAsync();
        await slack.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");
        await slack.CommandReplyAsync(Ana, "request-feedback fraud-detection/churn-xgb@7");
        var events = await slack.AuditCountAsync();
        slack.Slack.FailNextWithError("chat.postEphemeral", "user_not_in_channel");

        var press = Press(Dev, "feedback.approve", Review("Risk & Compliance"), channel: ReleaseChannel);
        press["response_url"] = slack.Slack.ResponseUrl("dev-press");
        Assert.Equal(HttpStatusCode.OK, (await slack.InteractAsync(press)).StatusCode);

        var answer = await WaitForResponseAsync(slack, "dev-press");
        Assert.Equal("ephemeral", (string?)answer!["response_type"]);
        Assert.Contains("not assigned to you", (string?)answer["text"], StringComparison.Ordinal);
        Assert.Contains(slack.Slack.CallsTo("chat.postEphemeral"), c => c.Error == "user_not_in_channel");
        Assert.Equal(events, await slack.AuditCountAsync());
    }

    // The release channel's pace runs on the host's test clock: the outbox is driven until the answer is out.
    private static async Task<System.Text.Json.Nodes.JsonNode?> WaitForResponseAsync(SlackFixture slack, string id)
    {
        await Infrastructure.OutboxDriver.DriveUntilAsync(slack.App, () => Task.FromResult(slack.Slack.ResponseUrlPostsFor(id).Count > 0));
        return slack.Slack.ResponseUrlPostsFor(id)[0].Body;
    }
}
