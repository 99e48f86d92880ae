namespace SignOffBot.Core.Items;

/// <summary>
/// A change to a sign-off after it started that is not an answer: evidence changed, slots withdrawn or asked
/// again, an approval revoked or re-certified. Kept as history; the views and the review policy read it.
/// </summary>
public sealed record SignOffChange(
    SignOffChangeKind Kind,
    string? Slot,
    string By,
    string? Reason,
    DateTimeOffset At,
    FinalDecision? EndedDecision = null);

public enum SignOffChangeKind
{
    EvidenceChanged,
    Withdrawn,
    ReRequested,
    Revoked,
    Recertified,
}
