using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

/// <summary>An item's key, <c>project/name@version</c> (e.g. <c>fraud-detection/churn-xgb@7</c>).</summary>
public sealed partial record ItemKey(string Project, string Name, string Version)
{
    public const string Form = "<project>/<name>@<version>";

    /// <summary>What a project, name or version must look like, for the refusals that name it.</summary>
    public const string SegmentRule = "starts with a letter or digit, followed by letters, digits, '.', '_' or '-' ('+' too in a version)";

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

    /// <summary>
    /// The refusal for a name or version over its length limit (<see cref="TextLimits"/>), or null. Surfaces ask it
    /// when a text does not parse as a key, so the answer names the limit instead of the key's form.
    /// </summary>
    public static RuleViolation? LengthRefusal(string name, string version) =>
        name.Length > TextLimits.Name ? Rules.NameTooLong(name.Length)
        : version.Length > TextLimits.Version ? Rules.VersionTooLong(version.Length)
        : null;

    /// <summary>As <see cref="LengthRefusal(string, string)"/>, for a text shaped <c>project/name@version</c>.</summary>
    public static RuleViolation? LengthRefusal(string? text)
    {
        text = text?.Trim();
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        var at = text?.LastIndexOf('@') ?? -1;
        return slash < 0 || at < slash ? null : LengthRefusal(text![(slash + 1)..at], text[(at + 1)..]);
    }

    public override string ToString() => $"{Project}/{Name}@{Version}";

    [GeneratedRegex(@"^(?<project>[A-Za-z0-9][A-Za-z0-9._-]{0,99})/(?<name>[A-Za-z0-9][A-Za-z0-9._-]{0,99})@(?<version>[A-Za-z0-9][A-Za-z0-9._+-]{0,99})$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$")]
    private static partial Regex SegmentPattern();
}
