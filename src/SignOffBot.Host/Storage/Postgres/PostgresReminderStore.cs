using SignOffBot.Core.Ports;
using SignOffBot.Core.Reminders;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>The reminder targets' queries in PostgreSQL, through the index on their next due time (targets are written inside store sessions).</summary>
public sealed class PostgresReminderStore : IReminderStore
{
    private readonly PostgresUnitOfWork _unitOfWork;

    public PostgresReminderStore(PostgresUnitOfWork unitOfWork)
    {
        _unitOfWork = unitOfWork;
        unitOfWork.ReminderTargetsChanged += () => TargetsChanged?.Invoke();
    }

    /// <summary>Raised after a commit of this host that added, dropped or moved reminder targets.</summary>
    public event Action? TargetsChanged;

    public IReadOnlyList<StoredReminder> DueReminders(DateTimeOffset now, int max)
    {
        using var connection = _unitOfWork.DataSource.OpenConnection();
        return Sql.Query(connection, null, "SELECT doc FROM reminders WHERE next_due_at <= @now ORDER BY next_due_at, id LIMIT @max",
            r => StoreJson.Read<ReminderDocument>(r.GetString(0)).ToStored(), ("now", now.UtcDateTime), ("max", (long)max));
    }

    public DateTimeOffset? EarliestDue()
    {
        using var connection = _unitOfWork.DataSource.OpenConnection();
        return Sql.Single(connection, null, "SELECT min(next_due_at) FROM reminders", r => r.UtcOrNull(0)) is { } due
            ? new DateTimeOffset(due, TimeSpan.Zero)
            : null;
    }
}
