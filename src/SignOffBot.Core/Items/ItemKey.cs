using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace SignOffBot.Core.Items;

/// <summary>An item's key, <c>project/name@version</c> (e.g. <c>fraud-detection/churn-xgb@7</c>).</summary>
public sealed partial record ItemKey(string Project, string Name, string Version)
{
    public const string Form = "<project>/<name>@<version>";

    public static bool TryParse(string? text, [NotNullWhen(true)] out ItemKey? key)
    {
        key = null;
        if (text is null)
        {
            return false;
        }

        var match = KeyPattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        key = new ItemKey(match.Groups["project"].Value, match.Groups["name"].Value, match.Groups["version"].Value);
        return true;
    }

    public static bool IsValidSegment(string text) => SegmentPattern().IsMatch(text);

    public override string ToString() => $"{Project}/{Name}@{Version}";

    [GeneratedRegex(@"^(?<project>[A-Za-z0-9][A-Za-z0-9._-]{0,99})/(?<name>[A-Za-z0-9][A-Za-z0-9._-]{0,99})@(?<version>[A-Za-z0-9][A-Za-z0-9._+-]{0,63})$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$")]
    private static partial Regex SegmentPattern();
}
