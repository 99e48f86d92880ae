using System.Text.RegularExpressions;
using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Conversations;

/// <summary>Finds the person a mention stands for: Slack <c>&lt;@U123|name&gt;</c>, Teams <c>&lt;at&gt;Name&lt;/at&gt;</c>, <c>@name</c> or an e-mail.</summary>
public static partial class PersonResolver
{
    public static Person? Resolve(GovernanceModel directory, string mention)
    {
        var slack = SlackMention().Match(mention);
        if (slack.Success)
        {
            return directory.FindBySlackUserId(slack.Groups["id"].Value);
        }

        var text = mention.Trim();
        if (text.StartsWith("<at>", StringComparison.OrdinalIgnoreCase) && text.EndsWith("</at>", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..^5].Trim();
        }

        text = text.TrimStart('@');
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Contains('@'))
        {
            return directory.FindPerson(text);
        }

        var squeezed = text.Replace(" ", string.Empty, StringComparison.Ordinal);
        return directory.People.FirstOrDefault(p => string.Equals(p.Id.Split('@')[0], text, StringComparison.OrdinalIgnoreCase))
            ?? directory.People.FirstOrDefault(p => string.Equals(p.Name, text, StringComparison.OrdinalIgnoreCase))
            ?? directory.People.FirstOrDefault(p => string.Equals(p.Name.Replace(" ", string.Empty, StringComparison.Ordinal), squeezed, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"^<@(?<id>[UW][A-Z0-9]+)(\|[^>]*)?>$")]
    private static partial Regex SlackMention();
}
