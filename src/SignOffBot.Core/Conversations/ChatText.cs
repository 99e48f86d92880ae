namespace SignOffBot.Core.Conversations;

/// <summary>Text helpers shared by every surface that shows people text: the cards of each platform, chat answers, problem details.</summary>
public static class ChatText
{
    public const string Ellipsis = "…";

    /// <summary>The text cut to at most <paramref name="maxChars"/> characters, ending in "…" when cut; never splits a surrogate pair.</summary>
    public static string Cut(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var keep = Math.Max(0, maxChars - Ellipsis.Length);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return text[..keep].TrimEnd() + Ellipsis;
    }
}
