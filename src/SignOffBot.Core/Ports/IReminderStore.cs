using SignOffBot.Core.Reminders;

namespace SignOffBot.Core.Ports;

/// <summary>The reminder targets' query of a store: what is due, read through an index (the rest is never read).</summary>
public interface IReminderStore
{
    IReadOnlyList<StoredReminder> DueReminders(DateTimeOffset now, int max);
}
