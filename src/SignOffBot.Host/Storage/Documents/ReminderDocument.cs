using SignOffBot.Core.Governance;
using SignOffBot.Core.Reminders;
namespace SignOffBot.Host.Storage.Documents;

/// <summary>
/// One person to chase about one slot (or one post-incident review), kept in the transaction of every change to
/// its sign-off or bypass. <see cref="NextDueAt"/> is indexed: the reminder job reads only what is due.
/// </summary>
public sealed class ReminderDocument
{
    /// <summary><c>item|slot|person</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>The item key, or <c>bypass:&lt;id&gt;</c> for a post-incident review; indexed.</summary>
    public string Scope { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Item { get; set; } = "";

    public string Slot { get; set; } = "";

    public string Person { get; set; } = "";

    public DateTime Anchor { get; set; }

    /// <summary>Reminders sent so far (the escalation counts as one more).</summary>
    public int Sent { get; set; }

    /// <summary>When the next reminder or the escalation is due; null when done.</summary>
    public DateTime? NextDueAt { get; set; }

    /// <summary>A newly planned target of <paramref name="scope"/>, nothing sent yet.</summary>
    public static ReminderDocument Of(PlannedReminder planned, string scope) => new()
    {
        Id = planned.Target.Id,
        Scope = scope,
        Kind = planned.Target.Kind.Name,
        Item = planned.Target.Item,
        Slot = planned.Target.Slot,
        Person = planned.Target.Person.Value,
        Anchor = planned.Target.Anchor.UtcDateTime,
        NextDueAt = planned.FirstDue?.UtcDateTime,
    };

    public Core.Reminders.StoredReminder ToStored() =>
        new(ToTarget(), Sent, NextDueAt is { } due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null);

    /// <summary>The target this document stores.</summary>
    public Core.Reminders.ReminderTarget ToTarget() =>
        new(ReminderKind.Parse(Kind), Item, Slot, new PersonId(Person), new DateTimeOffset(DateTime.SpecifyKind(Anchor, DateTimeKind.Utc)));
}
