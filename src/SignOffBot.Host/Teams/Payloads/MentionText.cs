using System.Net;
using System.Text.RegularExpressions;

namespace SignOffBot.Host.Teams.Payloads;

/// <summary>
/// The command a person typed, without the bot's own @mention. Teams puts <c>&lt;at&gt;Bot&lt;/at&gt;</c> in the
/// text; the mention entity says which text is the bot (its entity text can be missing, e.g. for names with '&amp;').
/// Mentions of other people stay, since commands such as delegate name a person.
/// </summary>
public static partial class MentionText
{
    public static string CommandOf(Activity activity)
    {
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        foreach (var mention in activity.Entities ?? [])
        {
            if (mention.Type == "mention" && mention.Mentioned?.Id is { } id && id == botId)
            {
                var mentionText = mention.Text ?? $"<at>{mention.Mentioned.Name}</at>";
                text = text.Replace(mentionText, " ", StringComparison.OrdinalIgnoreCase);
            }
        }

        if (activity.Recipient?.Name is { Length: > 0 } botName)
        {
            text = text.Replace($"<at>{botName}</at>", " ", StringComparison.OrdinalIgnoreCase);
        }

        text = Tags().Replace(text, match => match.Value.StartsWith("<at", StringComparison.OrdinalIgnoreCase) || match.Value.StartsWith("</at", StringComparison.OrdinalIgnoreCase) ? match.Value : " ");
        text = WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');
        return Spaces().Replace(text, " ").Trim();
    }

    // HTML the Teams client adds around text (<p>, <div>, <br>); <at> mentions of people are kept.
    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
