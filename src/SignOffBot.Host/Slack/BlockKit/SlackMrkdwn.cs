using System.Text.RegularExpressions;

namespace SignOffBot.Host.Slack.BlockKit;

/// <summary>
/// Text as Slack reads it (a message's <c>text</c>, a <c>mrkdwn</c> text object): &amp;, &lt; and &gt; stand for
/// themselves only when escaped, and <c>&lt;…&gt;</c> is a mention, a link or a command such as <c>&lt;!channel&gt;</c>.
/// Every text the bot sends Slack is one of these, so the Web API client, the <c>response_url</c> answers and the
/// Block Kit builders cannot be handed a plain string by mistake: plain text becomes <see cref="Plain"/> (escaped), the
/// only <c>&lt;…&gt;</c> tokens are the mentions the bot writes itself (<see cref="User"/>, <see cref="Channel"/>), and
/// the Block Kit builders, which escape each part as they compose, mark their result with <see cref="FromEscaped"/>.
/// </summary>
public readonly partial record struct SlackMrkdwn
{
    private readonly string? _text;

    private SlackMrkdwn(string text) => _text = text;

    /// <summary>The text as sent to Slack.</summary>
    public string Text => _text ?? string.Empty;

    public int Length => Text.Length;

    /// <summary>
    /// Plain text, escaped (&amp; → <c>&amp;amp;</c>, &lt; → <c>&amp;lt;</c>, &gt; → <c>&amp;gt;</c>) so Slack shows it as
    /// written and parses nothing in it; cut to <paramref name="maxChars"/> without leaving half an entity.
    /// </summary>
    public static SlackMrkdwn Plain(string text, int maxChars = BlockKitLimits.MessageText) =>
        new(SlackText.EscapeAndCut(text, maxChars));

    /// <summary>A mention of a Slack user (<c>&lt;@U…&gt;</c>); only a user id is accepted, never text someone typed.</summary>
    public static SlackMrkdwn User(string userId) => UserId().IsMatch(userId)
        ? new($"<@{userId}>")
        : throw new ArgumentException($"'{userId}' is not a Slack user id (U… or W…).", nameof(userId));

    /// <summary>A link to a Slack channel (<c>&lt;#C…&gt;</c>); only a channel id is accepted.</summary>
    public static SlackMrkdwn Channel(string channelId) => ChannelId().IsMatch(channelId)
        ? new($"<#{channelId}>")
        : throw new ArgumentException($"'{channelId}' is not a Slack channel id (C… or G…).", nameof(channelId));

    /// <summary>
    /// A link (<c>&lt;url|label&gt;</c>) to an https address Slack gave (a message's permalink); the label is escaped.
    /// </summary>
    public static SlackMrkdwn Link(string url, string label) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && url.IndexOfAny(['<', '>', '|', ' ']) < 0
            ? new($"<{url}|{SlackText.EscapeAndCut(label, 200)}>")
            : throw new ArgumentException("A Slack link needs an absolute https URL without <, >, | or spaces.", nameof(url));

    /// <summary>Mrkdwn composed by the Block Kit builders, which escape every part that is not their own markup.</summary>
    internal static SlackMrkdwn FromEscaped(string mrkdwn) => new(mrkdwn);

    public static SlackMrkdwn operator +(SlackMrkdwn left, SlackMrkdwn right) => new(left.Text + right.Text);

    public override string ToString() => Text;

    [GeneratedRegex("^[UW][A-Z0-9]{2,}$")]
    private static partial Regex UserId();

    [GeneratedRegex("^[CG][A-Z0-9]{2,}$")]
    private static partial Regex ChannelId();
}
