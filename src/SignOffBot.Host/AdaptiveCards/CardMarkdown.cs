using System.Text;
using System.Text.RegularExpressions;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>
/// Teams renders Markdown in a TextBlock's text and in facts (links <c>[x](url)</c>, <c>**bold**</c>, <c>_italic_</c>,
/// lists, and in the web and desktop clients CommonMark's headings, quotes, code and tables too). No card the bot draws
/// means any of it, and much of what is on a card was typed by people (comments, reasons, incident ids, names), so
/// every such text goes out with Markdown made inert: CommonMark's backslash escapes before the characters that can
/// start markup, so a comment <c>[docs](https://evil)</c> shows as typed, never as a disguised link.
/// </summary>
public static partial class CardMarkdown
{
    // Characters that open inline markup wherever they stand: escapes, code, emphasis, strikethrough, links and images,
    // autolinks and HTML, tables.
    private const string Inline = "\\`*_~[]<>|";

    /// <summary>The text as a TextBlock must carry it to show exactly these words.</summary>
    public static string Literal(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var result = new StringBuilder(text.Length + 16);
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                result.Append('\n');
            }

            // Leading white space would make an indented code block; it shows as nothing in a paragraph anyway.
            var line = lines[i].TrimStart(' ', '\t');
            var start = result.Length;
            AppendInline(result, line);
            EscapeLineStart(result, start);
        }

        return result.ToString();
    }

    private static void AppendInline(StringBuilder result, string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (Inline.Contains(c, StringComparison.Ordinal) || (c == '&' && Entity().IsMatch(line.AsSpan(i))))
            {
                result.Append('\\');
            }

            result.Append(c);
        }
    }

    /// <summary>Block markup at the start of a line: headings, list bullets, setext and thematic rules, ordered lists.</summary>
    private static void EscapeLineStart(StringBuilder result, int start)
    {
        if (result.Length == start)
        {
            return;
        }

        if (result[start] is '#' or '-' or '+' or '=')
        {
            result.Insert(start, '\\');
            return;
        }

        var digits = 0;
        while (start + digits < result.Length && char.IsAsciiDigit(result[start + digits]))
        {
            digits++;
        }

        var marker = start + digits;
        if (digits is > 0 and <= 9 && marker < result.Length && result[marker] is '.' or ')'
            && (marker + 1 == result.Length || result[marker + 1] is ' ' or '\t'))
        {
            result.Insert(marker, '\\');
        }
    }

    // An entity or numeric character reference, which CommonMark would decode (&amp; &#42; &#x2A;).
    [GeneratedRegex(@"^&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")]
    private static partial Regex Entity();
}
