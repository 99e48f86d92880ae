using System.Net;
using static SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Slack.Flows;

/// <summary>
/// A card copy whose post is still on its way when an answer commits is not left stale: once Slack answers the post
/// and the copy is stored, it is drawn again with the answer on it.
/// </summary>
public sealed class SlackStaleCopyFlowTests
{
    private const string PostMessage = "chat.postMessage";

    [Fact]
    public async Task ReviewRequestsPostedWhileBenAnswers_AreRedrawnWithHisAnswer()
    {
        await using var slack = await SlackFixture.StartAsync();
        await slack.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");
        await slack.Slack.WaitForCallsAsync(PostMessage); // the registration card in the channel

        // Slack holds every post open: the three review requests are drawn and on
        // their way when Ben answers from an earlier card.
        slack.Slack.Hold(PostMessage);
        await slack.CommandReplyAsync(Ana, "request-feedback fraud-detection/churn-xgb@7");
        var deadline = Environment.TickCount64 + 10_000;
        while (slack.Slack.HeldNow(PostMessage) < 3)
        {
            Assert.True(Environment.TickCount64 < deadline, $"{slack.Slack.HeldNow(PostMessage)} posts on their way");
            await Task.Delay(10);
        }

        Assert.Equal(HttpStatusCode.OK, (await slack.InteractAsync(Press(Ben, "feedback.approve", Review("Risk & Compliance")))).StatusCode);
        slack.Slack.Release(PostMessage);

        var requests = (await slack.Slack.WaitUntilAsync(calls => calls.Count(IsReviewRequest) == 3)).Where(IsReviewRequest).ToList();
        Assert.All(requests, request => Assert.DoesNotContain("Ben Okafor", request.BodyText, StringComparison.Ordinal));
        await slack.Slack.WaitUntilAsync(
            calls => requests.All(request => calls.Any(c => c.Method == "chat.update" && c.Ok
                && c.Arg("channel") == (string?)request.Response!["channel"] && c.Arg("ts") == (string?)request.Response["ts"]
                && c.BodyText.Contains("Ben Okafor", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(15));

        static bool IsReviewRequest(SignOffBot.Testing.Slack.SlackApiCall c) =>
            c.Method == PostMessage && c.Ok && c.Arg("channel")?.StartsWith('D') == true && c.BodyText.Contains("feedback.approve", StringComparison.Ordinal);
    }
}
