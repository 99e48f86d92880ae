using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Testing.Slack;
using static SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Slack.Flows;

/// <summary>
/// Every text the bot sends Slack has &amp;, &lt; and &gt; escaped, so what people typed is shown as typed: a comment
/// cannot ping a channel or disguise a link, and a usage line's &lt;item&gt; is not swallowed as a link.
/// </summary>
public sealed class SlackEscapingFlowTests
{
    private const string Comment = "<!channel> <https://evil|docs>";
    private const string Escaped = "&lt;!channel&gt; &lt;https://evil|docs&gt;";

    [Fact]
    public async Task Comment_WithAChannelPingAndADisguisedLink_ArrivesEscapedInTheReleaseChannelStatusLine()
    {
        await using var slack = await SlackFixture.StartAsync();
        await slack.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");
        await slack.CommandReplyAsync(Ana, "request-feedback fraud-detection/churn-xgb@7");
        await slack.InteractAsync(Press(Ops, "feedback.minor-issue", Review("IT & Operations")));
        var view = (await slack.Slack.WaitForCallsAsync("views.open"))[0].Body!["view"]!;

        Assert.Equal(HttpStatusCode.OK, (await slack.InteractAsync(Submission(Ops, view, Comment))).StatusCode);

        var calls = await slack.Slack.WaitUntilAsync(all => all.Any(IsAnswerLine));
        var line = calls.First(IsAnswerLine).Arg("text")!;
        Assert.Contains($": \"{Escaped}\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain('<', line);
        Assert.DoesNotContain('>', line);
        Assert.Equal(Comment, (string?)Assert.Single(Slot(await slack.ItemAsync(), "IT & Operations")["answers"]!.AsArray())!["comment"]);
    }

    [Fact]
    public async Task UsageText_WithPlaceholders_IsEscaped_InTheCommandAnswerAndInAPostedReply()
    {
        await using var slack = await SlackFixture.StartAsync();

        var answer = await slack.CommandReplyAsync(Ana, "status");

        var text = (string?)answer["text"];
        Assert.Contains("status &lt;item&gt;", text, StringComparison.Ordinal);
        Assert.DoesNotContain('<', text!);

        // Typed as a mention, the answer goes back through chat.postEphemeral, escaped the same way.
        var mention = new JsonObject
        {
            ["type"] = "event_callback",
            ["event_id"] = "Ev0USAGE01",
            ["event"] = new JsonObject { ["type"] = "app_mention", ["user"] = Ana, ["channel"] = ReleaseChannel, ["text"] = "<@U0BOT> help request-feedback", ["ts"] = "1700000000.000200" },
        };
        await slack.EventAsync(mention);
        var calls = await slack.Slack.WaitUntilAsync(all => all.Any(IsHelp));
        var help = calls.First(IsHelp).Arg("text")!;
        Assert.Contains("request-feedback &lt;item&gt; [category…]", help, StringComparison.Ordinal);
        Assert.Contains("\"IT &amp; Operations\" \"Risk &amp; Compliance\"", help, StringComparison.Ordinal);
        Assert.DoesNotContain('<', help);
    }

    private static bool IsHelp(SlackApiCall call) =>
        call.Method is "chat.postMessage" or "chat.postEphemeral" && call.Arg("text")?.Contains("request-feedback", StringComparison.Ordinal) == true;

    private static bool IsAnswerLine(SlackApiCall call) =>
        call.Method == "chat.postMessage" && call.Arg("channel") == ReleaseChannel && call.Arg("text")?.Contains("answered minor-issue", StringComparison.Ordinal) == true;
}
