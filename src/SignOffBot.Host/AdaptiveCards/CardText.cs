using System.Globalization;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>Text helpers shared by the cards: times in the reader's time, lists in words, cut texts.</summary>
public static class CardText
{
    public const string Ellipsis = Core.Conversations.ChatText.Ellipsis;

    /// <summary>
    /// A time the card's client shows in its reader's time zone and locale ("Mon, Nov 23, 2026 3:05 PM"): the Adaptive
    /// Card DATE and TIME functions, which work only in a TextBlock's text (strict RFC 3339, upper case, no spaces
    /// inside the braces).
    /// </summary>
    public static string Time(DateTimeOffset at)
    {
        var iso = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"{{{{DATE({iso}, SHORT)}}}} {{{{TIME({iso})}}}}";
    }

    /// <summary>"A", "A and B", "A, B and C".</summary>
    public static string Words(IReadOnlyList<string> words) => words.Count switch
    {
        0 => "",
        1 => words[0],
        _ => string.Join(", ", words.Take(words.Count - 1)) + " and " + words[^1],
    };

    /// <summary>The text cut to at most <paramref name="maxChars"/> characters, ending in "…" when cut.</summary>
    public static string Cut(string text, int maxChars) => Core.Conversations.ChatText.Cut(text, maxChars);

    /// <summary>A lower-case id fragment of letters and digits joined by '-' ("Risk &amp; Compliance" → "risk-compliance").</summary>
    public static string Slug(string text)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            parts.Add(current.ToString());
        }

        return parts.Count == 0 ? "slot" : string.Join('-', parts);
    }
}
