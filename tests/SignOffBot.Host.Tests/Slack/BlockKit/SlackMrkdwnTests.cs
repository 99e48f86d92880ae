using SignOffBot.Core.Outcomes;
using SignOffBot.Host.Slack.BlockKit;

namespace SignOffBot.Host.Tests.Slack.BlockKit;

/// <summary>
/// The one Slack text type: plain text is escaped (only &amp;, &lt; and &gt;, as Slack asks), and the only
/// <c>&lt;…&gt;</c> tokens are mentions the bot writes from ids, after the text around them is escaped.
/// </summary>
public sealed class SlackMrkdwnTests
{
    [Theory]
    [InlineData("<!channel> <https://evil|docs>", "&lt;!channel&gt; &lt;https://evil|docs&gt;")]
    [InlineData("<@U0BEN> and <#C0RELEASE>", "&lt;@U0BEN&gt; and &lt;#C0RELEASE&gt;")]
    [InlineData("Usage: status <item>", "Usage: status &lt;item&gt;")]
    [InlineData("R&D &amp; ops", "R&amp;D &amp;amp; ops")]
    [InlineData("*bold* _it_ ~no~ `code` é ✓", "*bold* _it_ ~no~ `code` é ✓")]
    public void Plain_EscapesAmpersandAndAngleBrackets_AndNothingElse(string text, string sent)
    {
        Assert.Equal(sent, SlackMrkdwn.Plain(text).Text);
    }

    [Fact]
    public void Plain_CutToALimit_NeverEndsInHalfAnEntity()
    {
        var text = SlackMrkdwn.Plain(new string('a', 6) + "<<<<", 12).Text;

        Assert.True(text.Length <= 12, text);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
        Assert.Matches("^a+(&lt;)*…$", text);
    }

    [Fact]
    public void Mentions_AreWrittenFromIds_AfterTheTextAroundThemIsEscaped()
    {
        var text = SlackMrkdwn.User("U0BEN") + SlackMrkdwn.Plain(": your review of <x> & y waits in ") + SlackMrkdwn.Channel("C0RELEASE");

        Assert.Equal("<@U0BEN>: your review of &lt;x&gt; &amp; y waits in <#C0RELEASE>", text.Text);
    }

    [Theory]
    [InlineData("!channel")]
    [InlineData("U0BEN|ben")]
    [InlineData("U0BEN> <!here")]
    [InlineData("ben")]
    [InlineData("")]
    public void Mentions_OfAnythingButAnId_AreRefused(string id)
    {
        Assert.Throws<ArgumentException>(() => SlackMrkdwn.User(id));
        Assert.Throws<ArgumentException>(() => SlackMrkdwn.Channel(id));
    }

    [Fact]
    public void ATimeMarkedForTheReader_BecomesADateToken_WithTheUtcTimeAsItsFallback()
    {
        var at = new DateTimeOffset(2026, 11, 23, 14, 5, 0, TimeSpan.Zero);

        var text = SlackMrkdwn.Plain($"<b> expires on {ReaderTime.Mark(at)} & then").Text;

        Assert.Equal("&lt;b&gt; expires on <!date^1795442700^{date_short_pretty} {time}|2026-11-23 14:05 UTC> &amp; then", text);
    }

    [Fact]
    public void ATextCutToALimit_NeverEndsInHalfADateToken()
    {
        var mark = ReaderTime.Mark(new DateTimeOffset(2026, 11, 23, 14, 5, 0, TimeSpan.Zero));

        for (var limit = 20; limit <= 90; limit++)
        {
            var text = SlackMrkdwn.Plain($"Valid until {mark} for the record", limit).Text;

            Assert.True(text.Length <= limit, text);
            Assert.True(!text.Contains('<', StringComparison.Ordinal) || text.Contains("|2026-11-23 14:05 UTC>", StringComparison.Ordinal), $"{limit}: {text}");
        }
    }

    [Fact]
    public void PlainTextObjects_ShowNoDateTokens_SoATimeMarkedForTheReaderIsInUtc()
    {
        var mark = ReaderTime.Mark(new DateTimeOffset(2026, 11, 23, 14, 5, 0, TimeSpan.Zero));

        Assert.Equal("until 2026-11-23 14:05 UTC", (string?)Blocks.PlainText($"until {mark}")["text"]);
        Assert.Equal("until 2026-11-23 14:05 UTC", (string?)ReviewModal.Errors($"until {mark}")["errors"]![SlackActionIds.CommentBlockId]);
    }

    [Fact]
    public void Default_IsEmptyText()
    {
        Assert.Equal(string.Empty, default(SlackMrkdwn).Text);
    }
}
