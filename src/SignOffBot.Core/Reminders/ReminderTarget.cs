using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Reminders;

/// <summary>
/// Someone to chase, or something due at a time. <see cref="Kind"/> is <c>feedback</c>, <c>final</c>,
/// <c>incident-review</c> or <c>bypass-expiry</c>; <see cref="Slot"/> is the category, <c>final</c>, or the bypass id
/// for the last two; <see cref="Anchor"/> is when the chase started (slot requested, delegation, final requested,
/// bypass granted) or, for an expiry, when the bypass runs out.
/// </summary>
public sealed record ReminderTarget(ReminderKind Kind, string Item, string Slot, PersonId Person, DateTimeOffset Anchor)
{
    public string Id => Kind == ReminderKind.BypassExpiry || Kind == ReminderKind.ApprovalExpiry ? $"{Item}|{Slot}|expiry" : $"{Item}|{Slot}|{Person}";
}
