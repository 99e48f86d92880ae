using System.Net;
using System.Text.RegularExpressions;
using SignOffBot.Testing.Slack;

namespace SignOffBot.Host.Tests.Slack.Flows;

/// <summary>
/// The owner's private line about an answer links to their own copy of the item's card (chat.getPermalink); when Slack
/// gives no link, the line still goes, without it.
/// </summary>
public sealed class SlackOwnerLineFlowTests
{
    private const string Item = SlackFixture.Item;

    [Fact]
    public async Task AMajorIssue_ReachesTheOwner_WithALinkToTheirCard()
    {
        await using var slack = await SlackFixture.StartAsync();
        await RegisterInOwnChatAsync(slack);

        await RaiseMajorIssueAsync(slack);

        var line = await OwnerLineAsync(slack);
        Assert.StartsWith("Ben Okafor raised a major issue", line, StringComparison.Ordinal);
        var link = Regex.Match(line, @" <https://signoff-test\.slack\.com/archives/(?<channel>D\w+)/p(?<ts>\d+)\|Open the card>$");
        Assert.True(link.Success, line);
        var dm = FakeSlackApi.DmChannelFor(SlackFixture.Ana);
        Assert.Equal(dm, link.Groups["channel"].Value);
        Assert.Contains(slack.Slack.CallsTo("chat.postMessage"), c => c.Ok && c.Arg("channel") == dm && c.Body?["blocks"] is not null
            && ((string?)c.Response!["ts"])?.Replace(".", "", StringComparison.Ordinal) == link.Groups["ts"].Value);
    }

    [Fact]
    public async Task WithoutAPermalink_TheLineGoesWithoutALink()
    {
        await using var slack = await SlackFixture.StartAsync();
        await RegisterInOwnChatAsync(slack);
        slack.Slack.FailNextWithError("chat.getPermalink", "message_not_found", times: 20);

        await RaiseMajorIssueAsync(slack);

        var line = await OwnerLineAsync(slack);
        Assert.StartsWith("Ben Okafor raised a major issue", line, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://", line, StringComparison.Ordinal);
    }

    /// <summary>Ana registers and asks Ben's group in her own chat with the bot, where the card is posted.</summary>
    private static async Task RegisterInOwnChatAsync(SlackFixture slack)
    {
        var dm = FakeSlackApi.DmChannelFor(SlackFixture.Ana);
        bool IsCard(SlackApiCall c) => c.Method == "chat.postMessage" && c.Ok && c.Arg("channel") == dm && c.Body?["blocks"] is not null;
        await slack.CommandReplyAsync(SlackFixture.Ana, "register fraud-detection churn-xgb@7 --risk low", dm);
        await slack.CommandReplyAsync(SlackFixture.Ana, $"request-feedback {Item} \"Risk & Compliance\"", dm);
        await slack.Slack.WaitUntilAsync(all => all.Count(IsCard) >= 2);
    }

    private static async Task RaiseMajorIssueAsync(SlackFixture slack)
    {
        var press = SlackFixture.Press(SlackFixture.Ben, "feedback.major-issue", SlackFixture.Review("Risk & Compliance"));
        Assert.Equal(HttpStatusCode.OK, (await slack.InteractAsync(press)).StatusCode);
        var view = (await slack.Slack.WaitForCallsAsync("views.open"))[0].Body!["view"]!;
        Assert.Equal(HttpStatusCode.OK, (await slack.InteractAsync(SlackFixture.Submission(SlackFixture.Ben, view, "The drift report is missing"))).StatusCode);
    }

    private static async Task<string> OwnerLineAsync(SlackFixture slack)
    {
        var dm = FakeSlackApi.DmChannelFor(SlackFixture.Ana);
        static bool IsLine(SlackApiCall c, string dm) => c.Method == "chat.postMessage" && c.Ok && c.Arg("channel") == dm && (c.Arg("text") ?? "").Contains("major issue", StringComparison.Ordinal);
        var calls = await slack.Slack.WaitUntilAsync(all => all.Any(c => IsLine(c, dm)));
        return Assert.Single(calls, c => IsLine(c, dm)).Arg("text")!;
    }
}
