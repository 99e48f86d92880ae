using System.Text.Json.Nodes;
using static SignOffBot.Host.Tests.AdaptiveCards.TeamsMarkdown;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsFixture;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>
/// A reviewer's comment written to ping a channel and disguise a link reaches every place it is shown as inert text:
/// the Teams card (no link, no Markdown), the Teams release channel (a plain-text message) and the Slack release
/// channel (&amp;, &lt; and &gt; escaped).
/// </summary>
public sealed class InertCommentFlowTests
{
    private const string Item = "fraud-detection/churn-xgb@7";
    private const string Slot = "Risk & Compliance";
    private const string Comment = "<!channel> <https://evil|docs>";

    [Fact]
    public async Task Comment_WithAChannelPingAndADisguisedLink_IsPlainOnTheTeamsCard_AndEscapedInTheSlackStatusLine()
    {
        await using var teams = await TeamsFixture.StartAsync();
        await teams.PostAsync(teams.Message(Ana, "pending"));
        await teams.PostAsync(teams.Message(Ben, "pending"));
        await teams.PostAsync(teams.Message(Ana, $"status {Item}", "channel"));
        await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@7 --risk low"));
        await teams.PostAsync(teams.Message(Ana, $"request-feedback {Item}"));

        var answer = await teams.InvokeAsync(teams.Press(Ben, "feedback.minor-issue", new JsonObject
        {
            ["item"] = Item,
            ["slot"] = Slot,
            ["commentInput"] = "comment-risk-compliance",
            ["comment-risk-compliance"] = Comment,
        }));

        // The card Ben sees: the comment is one TextBlock that renders as the text itself, with no link in it.
        Assert.Equal(200, (int?)answer["statusCode"]);
        var shown = Assert.Single(CardTexts(answer["value"]), t => Shown(t).Contains("evil", StringComparison.Ordinal));
        Assert.DoesNotContain("<a", Html(shown), StringComparison.Ordinal);
        Assert.Empty(FormattingTags(shown));
        Assert.Equal(Comment, Shown(shown));

        // The Teams release channel: a plain-text message (Teams renders no Markdown or HTML in it), the comment as typed.
        var teamsLine = (await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId!.StartsWith(ReleaseChannel, StringComparison.Ordinal)
            && ((string?)r.Body?["text"])?.Contains("answered minor-issue", StringComparison.Ordinal) == true))[0];
        Assert.Equal("plain", (string?)teamsLine.Body!["textFormat"]);
        Assert.Contains($": \"{Comment}\"", (string?)teamsLine.Body["text"], StringComparison.Ordinal);

        // The Slack release channel: the recorded chat.postMessage carries the escaped comment, nothing Slack would parse.
        var calls = await teams.Slack.WaitUntilAsync(all => all.Any(IsAnswerLine));
        var slackLine = calls.First(IsAnswerLine).Arg("text")!;
        Assert.Contains(": \"&lt;!channel&gt; &lt;https://evil|docs&gt;\"", slackLine, StringComparison.Ordinal);
        Assert.DoesNotContain('<', slackLine);
    }

    private static bool IsAnswerLine(SignOffBot.Testing.Slack.SlackApiCall call) =>
        call.Method == "chat.postMessage" && call.Arg("channel") == "C0RELEASE"
        && call.Arg("text")?.Contains("answered minor-issue", StringComparison.Ordinal) == true;
}
