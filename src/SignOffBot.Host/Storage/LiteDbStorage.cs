using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Storage;

/// <summary>The embedded store over one file: its unit of work and one class per port, opened together.</summary>
public sealed class LiteDbStorage : IDisposable
{
    private LiteDbStorage(LiteDbUnitOfWork unitOfWork)
    {
        UnitOfWork = unitOfWork;
        SignOffs = new LiteDbSignOffStore(unitOfWork);
        Audit = new LiteDbAuditLog(unitOfWork);
        Outbox = new LiteDbOutboxStore(unitOfWork);
        Reminders = new LiteDbReminderStore(unitOfWork);
        Records = new LiteDbPlatformRecords(unitOfWork);
    }

    public LiteDbUnitOfWork UnitOfWork { get; }

    public LiteDbSignOffStore SignOffs { get; }

    public LiteDbAuditLog Audit { get; }

    public LiteDbOutboxStore Outbox { get; }

    public LiteDbReminderStore Reminders { get; }

    public LiteDbPlatformRecords Records { get; }

    /// <summary>Opens (or creates) the store file at <paramref name="path"/>; <paramref name="signal"/> hears of every commit that queued notices.</summary>
    public static LiteDbStorage Open(string path, OutboxSignal? signal = null) =>
        new(new LiteDbUnitOfWork(LiteDbSetup.Open(path), signal ?? new OutboxSignal()));

    /// <summary>Every document of a collection as committed (for tests and tools reading the file whole).</summary>
    public List<T> ReadAll<T>(string collection) => UnitOfWork.Database.GetCollection<T>(collection).FindAll().ToList();

    public void Dispose() => UnitOfWork.Dispose();
}
