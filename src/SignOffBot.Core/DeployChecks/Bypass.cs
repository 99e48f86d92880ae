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

    /// <summary>As cards show it at <paramref name="now"/>: pending, granted, denied, or expired (granted, past its time).</summary>
    public string StatusAt(DateTimeOffset now) =>
        Status == BypassStatus.Granted && ExpiresAt <= now ? "expired" : Status.ToString().ToLowerInvariant();

    /// <summary>How stored copies of this bypass's card are filed with the cards of items (never an item key: no slash).</summary>
    public static string CardKey(string bypassId) => $"bypass:{bypassId}";
}
