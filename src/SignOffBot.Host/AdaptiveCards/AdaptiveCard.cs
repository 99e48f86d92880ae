using System.Text.Json.Serialization;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>
/// An Adaptive Card as Teams takes it from a bot: version 1.5 (the highest Teams supports for bot-sent cards,
/// and at least 1.4 for Universal Actions), full width, an optional <see cref="Refresh"/>.
/// </summary>
public sealed record AdaptiveCard(IReadOnlyList<CardElement> Body)
{
    public const string TeamsVersion = "1.5";

    [JsonPropertyOrder(-2)]
    public string Type => "AdaptiveCard";

    [JsonPropertyOrder(-1)]
    public string Version { get; init; } = TeamsVersion;

    public IReadOnlyList<CardAction>? Actions { get; init; }

    public Refresh? Refresh { get; init; }

    public MsTeams? Msteams { get; init; } = MsTeams.FullWidth;
}

/// <summary>The card's Teams extension object, <c>"msteams": {"width": "Full"}</c>.</summary>
public sealed record MsTeams(string Width)
{
    public static MsTeams FullWidth { get; } = new("Full");
}

/// <summary>
/// Universal Actions refresh: Teams sends <see cref="Action"/> as an automatic invoke for each of
/// <see cref="UserIds"/> (29: ids, at most <see cref="MaxUserIds"/>), so each of them sees their own buttons.
/// </summary>
public sealed record Refresh(CardAction Action, IReadOnlyList<string> UserIds)
{
    public const int MaxUserIds = 60;
}
