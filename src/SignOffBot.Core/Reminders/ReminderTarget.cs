namespace SignOffBot.Core.Reminders;

/// <summary>
/// Someone to chase. <see cref="Kind"/> is <c>feedback</c>, <c>final</c> or <c>incident-review</c>;
/// <see cref="Slot"/> is the category, <c>final</c>, or the bypass id for incident reviews;
/// <see cref="Anchor"/> is when the chase started (slot requested, delegation, final requested, bypass granted).
/// </summary>
public sealed record ReminderTarget(string Kind, string Item, string Slot, string Person, DateTimeOffset Anchor)
{
    public string Id => $"{Item}|{Slot}|{Person}";
}
