using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.Slack.BlockKit;

/// <summary>
/// Text helpers for Block Kit: mrkdwn escaping, links, cutting to a limit. Lengths are UTF-16 code units, never
/// fewer than the code points Slack counts, so a text within a limit here is within it for Slack too.
/// </summary>
public static class SlackText
{
    public const string Ellipsis = Core.Conversations.ChatText.Ellipsis;

    // Compact JSON for button values and private_metadata: only what JSON itself needs escaped.
    private static readonly JsonSerializerOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Escapes the three characters mrkdwn gives a meaning (&amp;, &lt;, &gt;), so user text such as
    /// <c>&lt;!channel&gt;</c> or <c>&lt;project&gt;</c> is shown as typed and never parsed as a mention or link; the
    /// times the core marked for the reader (<see cref="ReaderTime"/>) become Slack date tokens (<see cref="Date"/>).
    /// </summary>
    public static string Escape(string text) =>
        ReaderTime.Render(
            text.Replace("&", "&amp;", StringComparison.Ordinal)
                .Replace("<", "&lt;", StringComparison.Ordinal)
                .Replace(">", "&gt;", StringComparison.Ordinal),
            Date);

    /// <summary>
    /// A date token Slack shows in each reader's own time zone, "Nov 23 3:05 PM" (or "today 3:05 PM"), with the UTC time
    /// as the fallback where a client cannot: <c>&lt;!date^1795442700^{date_short_pretty} {time}|2026-11-23 14:05 UTC&gt;</c>.
    /// </summary>
    public static string Date(DateTimeOffset at) =>
        $"<!date^{at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}^{{date_short_pretty}} {{time}}|{Time.Format(at)}>";

    /// <summary>A mrkdwn link <c>&lt;url|label&gt;</c>; '|' in the URL is percent-encoded so it cannot end the URL.</summary>
    public static string Link(string url, string label) =>
        $"<{Escape(url.Replace("|", "%7C", StringComparison.Ordinal))}|{Escape(label)}>";

    /// <summary>The text cut to at most <paramref name="maxChars"/> characters, ending in "…" when cut.</summary>
    public static string Cut(string text, int maxChars) => Core.Conversations.ChatText.Cut(text, maxChars);

    /// <summary>
    /// Escapes then cuts to <paramref name="maxChars"/> without leaving half an entity (<c>&amp;am…</c>) at the cut.
    /// </summary>
    public static string EscapeAndCut(string text, int maxChars) => CutEscaped(Escape(text), maxChars);

    /// <summary>Cuts escaped text to <paramref name="maxChars"/> without leaving half an entity (<c>&amp;am…</c>) at the cut.</summary>
    public static string CutEscaped(string escaped, int maxChars)
    {
        if (escaped.Length <= maxChars)
        {
            return escaped;
        }

        var cut = Cut(escaped, maxChars);
        var body = cut[..^Ellipsis.Length];
        var amp = body.LastIndexOf('&');
        if (amp >= 0 && body.IndexOf(';', amp) < 0)
        {
            body = body[..amp].TrimEnd();
        }

        // Nor half a token the bot wrote (a date, a link, a mention): escaped text has '<' only at their start.
        var open = body.LastIndexOf('<');
        if (open >= 0 && body.IndexOf('>', open) < 0)
        {
            body = body[..open].TrimEnd();
        }

        return body + Ellipsis;
    }

    /// <summary>Each line of the text as a mrkdwn quote line ("&gt; ..."); the text must be escaped already.</summary>
    public static string Quote(string escapedText) =>
        string.Join('\n', escapedText.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => "> " + line));

    /// <summary>The object as compact JSON (for button values and private_metadata).</summary>
    public static string CompactJson(JsonNode node) => node.ToJsonString(CompactOptions);

    /// <summary>"A", "A and B", "A, B and C".</summary>
    public static string Words(IReadOnlyList<string> words) => words.Count switch
    {
        0 => "",
        1 => words[0],
        _ => string.Join(", ", words.Take(words.Count - 1)) + " and " + words[^1],
    };

    /// <summary>Joins the non-empty parts with <paramref name="separator"/>.</summary>
    internal static string JoinNonEmpty(string separator, params string?[] parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (string.IsNullOrEmpty(part))
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(separator);
            }

            text.Append(part);
        }

        return text.ToString();
    }
}
