using System.Net;
using System.Text;

namespace SignOffBot.Core.Conversations;

/// <summary>
/// Splits command text into words. Quotes (straight or typographic) group words; Slack's <c>&lt;…&gt;</c>
/// escapes and Teams' <c>&lt;at&gt;…&lt;/at&gt;</c> mentions stay whole, since they may hold spaces.
/// </summary>
public static class Tokenizer
{
    private const string AtOpen = "<at>";
    private const string AtClose = "</at>";

    public static IReadOnlyList<string> Split(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                Flush(tokens, current);
                i++;
            }
            else if (StartsGroup(current) && Closing(c) is { } close)
            {
                var end = text.IndexOf(close, i + 1);
                end = end < 0 ? text.Length : end;
                tokens.Add(current.Append(text[(i + 1)..end]).ToString());
                current.Clear();
                i = end + 1;
            }
            else if (current.Length == 0 && text.AsSpan(i).StartsWith(AtOpen, StringComparison.OrdinalIgnoreCase))
            {
                var end = text.IndexOf(AtClose, i, StringComparison.OrdinalIgnoreCase);
                end = end < 0 ? text.Length : end + AtClose.Length;
                tokens.Add(text[i..end]);
                i = end;
            }
            else if (StartsGroup(current) && c == '<')
            {
                var end = text.IndexOf('>', i);
                end = end < 0 ? text.Length : end + 1;
                current.Append(Unescape(text[i..end]));
                Flush(tokens, current);
                i = end;
            }
            else
            {
                current.Append(c);
                i++;
            }
        }

        Flush(tokens, current);
        return tokens.Select(t => WebUtility.HtmlDecode(t)).ToList();
    }

    // A group starts a word, or the value of an "--option=" word: --link=<https://x|PIR 311>, --incident="INC 311".
    private static bool StartsGroup(StringBuilder current) =>
        current.Length == 0 || (current[^1] == '=' && (current[0] == '-' || current[0] == '\u2014'));

    private static char? Closing(char open) => open switch
    {
        '"' => '"',
        '\'' => '\'',
        '\u201C' => '\u201D',
        '\u2018' => '\u2019',
        _ => null,
    };

    // Slack writes links as <https://x|label> and e-mails as <mailto:a@b|a@b>; user mentions <@U1|name> stay as they are.
    private static string Unescape(string token)
    {
        var inner = token.Trim('<', '>');
        if (inner.StartsWith('@') || inner.StartsWith('#') || inner.StartsWith('!'))
        {
            return token;
        }

        var bar = inner.IndexOf('|');
        var target = bar < 0 ? inner : inner[..bar];
        return target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? target["mailto:".Length..] : target;
    }

    private static void Flush(List<string> tokens, StringBuilder current)
    {
        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
            current.Clear();
        }
    }
}
