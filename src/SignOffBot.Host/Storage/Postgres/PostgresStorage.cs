using Npgsql;
using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>
/// The PostgreSQL store: one data source (a pool of connections) over a database that several hosts may share, the
/// schema brought up to date when it opens (<see cref="PostgresMigrations"/>), its unit of work and one class per port.
/// </summary>
public sealed class PostgresStorage : IDisposable
{
    private PostgresStorage(NpgsqlDataSource dataSource, OutboxSignal signal)
    {
        DataSource = dataSource;
        UnitOfWork = new PostgresUnitOfWork(dataSource, new OutboxClaims(HostName()), signal);
        SignOffs = new PostgresSignOffStore(UnitOfWork);
        Audit = new PostgresAuditLog(UnitOfWork);
        Outbox = new PostgresOutboxStore(UnitOfWork);
        Reminders = new PostgresReminderStore(UnitOfWork);
        Records = new PostgresPlatformRecords(UnitOfWork);
    }

    public NpgsqlDataSource DataSource { get; }

    public PostgresUnitOfWork UnitOfWork { get; }

    public PostgresSignOffStore SignOffs { get; }

    public PostgresAuditLog Audit { get; }

    public PostgresOutboxStore Outbox { get; }

    public PostgresReminderStore Reminders { get; }

    public PostgresPlatformRecords Records { get; }

    /// <summary>Opens the database <paramref name="connectionString"/> names and applies the migrations it lacks.</summary>
    public static PostgresStorage Open(string connectionString, OutboxSignal? signal = null)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            PostgresMigrations.Apply(dataSource);
            return new PostgresStorage(dataSource, signal ?? new OutboxSignal());
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    public void Dispose() => DataSource.Dispose();

    /// <summary>This host as its outbox claims name it: machine, process and a random part (two stores in one process differ).</summary>
    private static string HostName() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}
