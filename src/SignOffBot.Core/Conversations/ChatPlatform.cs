using System.Diagnostics.CodeAnalysis;

namespace SignOffBot.Core.Conversations;

/// <summary>
/// The chat platforms by the names notices, deliveries, release channels and audit events carry. The playground is
/// the browser surface for trying flows; release channels live only on Teams and Slack.
/// </summary>
public static class ChatPlatform
{
    public const string Teams = "teams";
    public const string Slack = "slack";
    public const string Playground = "playground";

    /// <summary>The platforms a project's release channel may be on.</summary>
    public static bool HasReleaseChannels([NotNullWhen(true)] string? platform) => platform is Teams or Slack;
}
