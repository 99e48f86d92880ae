using SignOffBot.Core.Items;

namespace SignOffBot.Core.DeployChecks;

/// <summary>An emergency bypass of the deploy gate for one item on one infrastructure, at most 24 hours.</summary>
public sealed record Bypass(
    string Id,
    ItemKey Item,
    string Infrastructure,
    string Incident,
    int Hours,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    BypassStatus Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? ExpiresAt,
    IncidentReview? Review)
{
    public const int MaxHours = 24;

    public static readonly TimeSpan ReviewDueAfter = TimeSpan.FromHours(48);

    public bool IsActiveAt(DateTimeOffset now) => Status == BypassStatus.Granted && ExpiresAt > now;
}
