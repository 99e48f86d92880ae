using Microsoft.Extensions.Options;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Storage.Postgres;

namespace SignOffBot.Host.Storage;

public static partial class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The store <c>Storage:Provider</c> names (the embedded LiteDB file unless it says Postgres), opened when first
    /// needed (at start), and its ports: the rest of the host knows only the ports.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddValidatedOptions<StorageOptions>(StorageOptions.Section);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(sp =>
        {
            var options = Options(sp);
            if (options.IsPostgres)
            {
                throw new InvalidOperationException("This host's store is PostgreSQL (Storage:Provider), not a LiteDB file.");
            }

            KeepThreadsForBlockingWaits();
            // One host per file, for this host alone: a second host (or a tool) on the same file would be a second
            // writer, and would read a log this host is still folding in. It is refused with an IOException instead.
            return LiteDbStorage.Open(options.LiteDb.Path, sp.GetRequiredService<OutboxSignal>(), exclusive: true);
        });
        services.AddSingleton(sp =>
        {
            var options = Options(sp);
            if (!options.IsPostgres)
            {
                throw new InvalidOperationException("This host's store is a LiteDB file (Storage:Provider), not PostgreSQL.");
            }

            var storage = PostgresStorage.Open(options.Postgres.ConnectionString, sp.GetRequiredService<OutboxSignal>());
            KeepThreadsForBlockingWaits();
            var database = new Npgsql.NpgsqlConnectionStringBuilder(options.Postgres.ConnectionString);
            LogPostgres(sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PostgresStorage)), database.Database ?? "", database.Host ?? "", PostgresMigrations.Scripts.Count);
            return storage;
        });
        services.AddSingleton(sp => Options(sp).IsPostgres ? OpenedStore.Of(sp.GetRequiredService<PostgresStorage>()) : OpenedStore.Of(sp.GetRequiredService<LiteDbStorage>()));
        services.AddSingleton(sp => sp.GetRequiredService<OpenedStore>().UnitOfWork);
        services.AddSingleton(sp => sp.GetRequiredService<OpenedStore>().SignOffs);
        services.AddSingleton(sp => sp.GetRequiredService<OpenedStore>().Audit);
        services.AddSingleton(sp => sp.GetRequiredService<OpenedStore>().Outbox);
        services.AddSingleton(sp => sp.GetRequiredService<OpenedStore>().Reminders);
        services.AddSingleton(sp => sp.GetRequiredService<OpenedStore>().Records);
        return services;
    }

    /// <summary>
    /// The store's calls are synchronous: each write blocks its thread until its group commit is on the disk (LiteDB),
    /// or while it waits for the server and for the audit chain's lock, which writers take in turn (PostgreSQL). The thread pool starts with one thread per core and adds
    /// about one every half second, so 64 requests at once would stall every request, Kestrel's own work included, for
    /// tens of seconds; enough threads are kept ready for that from the start.
    /// </summary>
    private static void KeepThreadsForBlockingWaits()
    {
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, BlockingWaitThreads), completion);
    }

    private const int BlockingWaitThreads = 256;

    /// <summary>The embedded store's file when the host runs on one (what a file backup copies), or null on PostgreSQL.</summary>
    public static LiteDbStorage? EmbeddedStore(this IServiceProvider services) =>
        Options(services).IsPostgres ? null : services.GetRequiredService<LiteDbStorage>();

    private static StorageOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value;

    // The connection string carries the password: only the database and its host are named.
    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Store: PostgreSQL database {Database} on {Host}, schema at version {Version}")]
    private static partial void LogPostgres(ILogger log, string database, string host, int version);

    /// <summary>The ports of the store in use.</summary>
    private sealed record OpenedStore(IUnitOfWork UnitOfWork, ISignOffStore SignOffs, IAuditLog Audit, IOutboxStore Outbox, IReminderStore Reminders, IPlatformRecords Records)
    {
        public static OpenedStore Of(LiteDbStorage s) => new(s.UnitOfWork, s.SignOffs, s.Audit, s.Outbox, s.Reminders, s.Records);

        public static OpenedStore Of(PostgresStorage s) => new(s.UnitOfWork, s.SignOffs, s.Audit, s.Outbox, s.Reminders, s.Records);
    }
}
