using System.Data;
using System.Diagnostics;
using Npgsql;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Telemetry;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>
/// The PostgreSQL store's unit of work: each one is a READ COMMITTED transaction on a connection of its own, committed
/// before <see cref="Transact{T}"/> returns. Units of this host and of other hosts on the same database run at once;
/// what the embedded store gets from writing one unit at a time, this one gets from locks taken in the unit's
/// transaction (see <see cref="PostgresStoreSession"/>): a unit that reads an item, a bypass, a delivery id or the audit
/// chain's head holds it until it commits, so two units on the same sign-off run one after the other, a delivery id is
/// applied once, and the chain never forks. A unit the server stops for a deadlock or a serialization failure is run
/// again (it changed nothing), at most <see cref="MostAttempts"/> times.
/// </summary>
public sealed class PostgresUnitOfWork(NpgsqlDataSource dataSource, OutboxClaims claims, OutboxSignal outboxSignal) : IUnitOfWork
{
    public const int MostAttempts = 5;

    /// <summary>Set on the thread running a unit: a write started from inside it would wait for its locks.</summary>
    [ThreadStatic]
    private static PostgresUnitOfWork? _writingOnThisThread;

    /// <summary>Raised after a commit that added, dropped or moved reminder targets (on the committing thread).</summary>
    internal event Action? ReminderTargetsChanged;

    /// <summary>Raised after a commit that wrote items, or bypasses or confirmations of items, naming them (on the committing thread).</summary>
    internal event Action<IReadOnlyCollection<Core.Items.ItemKey>>? ItemsChanged;

    internal NpgsqlDataSource DataSource => dataSource;

    internal OutboxClaims Claims => claims;

    public T Transact<T>(Func<IStoreSession, T> work) => Write(work);

    /// <summary>Runs <paramref name="work"/> in one transaction and returns once it is committed.</summary>
    public T Write<T>(Func<PostgresStoreSession, T> work)
    {
        if (ReferenceEquals(_writingOnThisThread, this))
        {
            throw new InvalidOperationException("A store write was started inside another write of the same store; it would wait for itself.");
        }

        // Traced, a unit whose caller is in a span gets a commit span under it, current while the unit runs, so the
        // notices it queues carry that span's trace context (as the embedded store's group commit does).
        using var span = Activity.Current is not null ? SignOffBotTrace.Spans.StartActivity(SignOffBotTrace.CommitSpan) : null;
        span?.SetTag(SignOffBotTrace.CommitUnits, 1);
        try
        {
            return Run(work);
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    private T Run<T>(Func<PostgresStoreSession, T> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            PostgresStoreSession session;
            T result;
            try
            {
                using var connection = dataSource.OpenConnection();
                using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
                session = new PostgresStoreSession(connection, transaction, claims);
                _writingOnThisThread = this;
                try
                {
                    result = work(session);
                }
                finally
                {
                    _writingOnThisThread = null;
                }

                transaction.Commit();
            }
            catch (PostgresException e) when (IsTransient(e) && attempt < MostAttempts)
            {
                continue;
            }

            session.Committed();
            if (session.QueuedNotices)
            {
                outboxSignal.Notify();
            }

            if (session.RemindersChanged)
            {
                ReminderTargetsChanged?.Invoke();
            }

            if (session.ChangedItems.Count > 0)
            {
                ItemsChanged?.Invoke(session.ChangedItems);
            }

            return result;
        }
    }

    /// <summary>Stopped by the server for what another transaction did at the same time: running it again may succeed.</summary>
    private static bool IsTransient(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;
}
