using System.Text.RegularExpressions;

namespace SignOffBot.Core.Conversations;

/// <summary>The digest a pipeline names its artifact by: <c>sha256:</c> and 64 hex digits.</summary>
public static partial class ArtifactDigest
{
    public const string Form = "sha256:<64 hex digits>";

    /// <summary>The lower-case hex of <paramref name="text"/>, or null when it is not a SHA-256 digest.</summary>
    public static string? Parse(string text) =>
        Pattern().Match(text.Trim()) is { Success: true } match ? match.Groups["hex"].Value.ToLowerInvariant() : null;

    [GeneratedRegex("^sha256:(?<hex>[0-9a-fA-F]{64})$")]
    private static partial Regex Pattern();
}
