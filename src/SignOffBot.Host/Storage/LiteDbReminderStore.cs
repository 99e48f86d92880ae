using LiteDB;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Reminders;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage;

/// <summary>The reminder targets' queries in the embedded store (the targets are written inside store sessions).</summary>
public sealed class LiteDbReminderStore : IReminderStore
{
    private readonly ILiteCollection<ReminderDocument> _reminders;

    public LiteDbReminderStore(LiteDbUnitOfWork unitOfWork)
    {
        _reminders = unitOfWork.Database.GetCollection<ReminderDocument>(LiteDbSetup.Reminders);
        unitOfWork.ReminderTargetsChanged += () => TargetsChanged?.Invoke();
    }

    public event Action? TargetsChanged;

    /// <summary>
    /// Reminders due at <paramref name="now"/>, through the index on their due time (the rest is never read). Targets
    /// that are done (no next due time) are not due: the index sorts a missing value before every date, so the range
    /// starts at the first date rather than "everything up to now".
    /// </summary>
    public IReadOnlyList<StoredReminder> DueReminders(DateTimeOffset now, int max) =>
        [.. _reminders
            .Find(LiteDbQuery.Between(nameof(ReminderDocument.NextDueAt), DateTime.MinValue, now.UtcDateTime), 0, max)
            .Select(d => d.ToStored())];

    /// <summary>The earliest next due time of any reminder target (through the index), or null when none is due ever.</summary>
    public DateTimeOffset? EarliestDue() =>
        _reminders
            .Find(Query.Between(nameof(ReminderDocument.NextDueAt), DateTime.MinValue, DateTime.MaxValue), 0, 1)
            .FirstOrDefault()?.NextDueAt is { } due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
}
