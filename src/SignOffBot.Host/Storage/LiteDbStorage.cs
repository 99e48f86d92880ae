using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Storage;

/// <summary>The embedded store over one file: its unit of work and one class per port, opened together.</summary>
public sealed class LiteDbStorage : IDisposable
{
    private LiteDbStorage(LiteDbUnitOfWork unitOfWork, string path)
    {
        UnitOfWork = unitOfWork;
        FilePath = path;
        SignOffs = new LiteDbSignOffStore(unitOfWork);
        Audit = new LiteDbAuditLog(unitOfWork);
        Outbox = new LiteDbOutboxStore(unitOfWork);
        Reminders = new LiteDbReminderStore(unitOfWork);
        Records = new LiteDbPlatformRecords(unitOfWork);
    }

    public LiteDbUnitOfWork UnitOfWork { get; }

    /// <summary>The full path of the data file.</summary>
    public string FilePath { get; }

    public LiteDbSignOffStore SignOffs { get; }

    public LiteDbAuditLog Audit { get; }

    public LiteDbOutboxStore Outbox { get; }

    public LiteDbReminderStore Reminders { get; }

    public LiteDbPlatformRecords Records { get; }

    /// <summary>Opens (or creates) the store file at <paramref name="path"/>; <paramref name="signal"/> hears of every commit that queued notices.</summary>
    /// <param name="exclusive">For this process alone: an <see cref="IOException"/> when another process has it open.</param>
    public static LiteDbStorage Open(string path, OutboxSignal? signal = null, bool exclusive = false) =>
        new(new LiteDbUnitOfWork(LiteDbSetup.Open(path, exclusive), signal ?? new OutboxSignal()), Path.GetFullPath(path));

    /// <summary>
    /// Opens the store file at <paramref name="path"/> for this process alone (a tool working on a stopped store); an
    /// <see cref="IOException"/> when another process has it open, such as a running host.
    /// </summary>
    public static LiteDbStorage OpenExclusive(string path) =>
        new(new LiteDbUnitOfWork(LiteDbSetup.Open(path, exclusive: true), new OutboxSignal()), Path.GetFullPath(path));

    /// <summary>Every document of a collection as committed (for tests and tools reading the file whole).</summary>
    public List<T> ReadAll<T>(string collection) => UnitOfWork.Database.GetCollection<T>(collection).FindAll().ToList();

    public void Dispose() => UnitOfWork.Dispose();
}
