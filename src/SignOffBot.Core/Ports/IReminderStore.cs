using SignOffBot.Core.Reminders;

namespace SignOffBot.Core.Ports;

/// <summary>The reminder targets' queries of a store: what is due, read through an index (the rest is never read).</summary>
public interface IReminderStore
{
    /// <summary>
    /// Raised after a commit that added, dropped or moved reminder targets (on the committing thread: handlers must be
    /// quick and must not write).
    /// </summary>
    event Action? TargetsChanged;

    IReadOnlyList<StoredReminder> DueReminders(DateTimeOffset now, int max);

    /// <summary>The earliest next due time of any reminder target, or null when none is due ever.</summary>
    DateTimeOffset? EarliestDue();
}
