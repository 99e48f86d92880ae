using SignOffBot.Core.Ports;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using LiteDB;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Telemetry;

namespace SignOffBot.Host.Storage;

/// <summary>
/// The embedded store's unit of work, through which every write to the file goes. Writes are serialised: every unit of work runs inside one LiteDB transaction on one thread at a
/// time, so two answers on the same sign-off arriving together are both kept, and the audit chain never forks.
/// Group commit: units of work that arrive while a commit is being made durable wait, and the next commit carries them
/// all (at most <see cref="MaxBatch"/>), one after the other in arrival order inside one transaction; each caller
/// returns only once that transaction is committed and on the disk (in the log, <see cref="DurableLiteDatabase.SyncCommits"/>). When any unit of a
/// batch throws, the whole transaction is rolled back and its units are run again one transaction each, so every
/// caller gets exactly the result or the exception it would have got alone.
/// <para>Traced, each unit whose caller is in a span gets a <c>signoffbot.commit</c> span of its batch under that span,
/// current while the unit runs on the leader's thread, so the notices it queues carry that span's trace context.</para>
/// <para>This is the process's only LiteDB writer: no two write transactions ever run at once (LiteDB 5 can corrupt
/// its in-memory free-page list when they do). The adapters' own collections (card copies, conversation references,
/// people found by lookup, playground messages) are written here too (<see cref="LiteDbPlatformRecords"/>); nothing
/// outside <c>Storage/</c> holds the database. Reads run concurrently on committed data, through <see cref="Database"/>
/// (the port classes: <see cref="LiteDbSignOffStore"/>, <see cref="LiteDbAuditLog"/>, <see cref="LiteDbOutboxStore"/>,
/// <see cref="LiteDbReminderStore"/>, <see cref="LiteDbPlatformRecords"/>).</para>
/// </summary>
public sealed class LiteDbUnitOfWork(LiteDatabase db, OutboxSignal outboxSignal) : IUnitOfWork, IPlansNoticesAtCommit, IDisposable
{
    /// <summary>The most units of work one commit carries.</summary>
    public const int MaxBatch = 128;

    /// <summary>
    /// Raised after a commit that added, dropped or moved reminder targets (on the committing thread: handlers must be
    /// quick and must not write).
    /// </summary>
    internal event Action? ReminderTargetsChanged;

    /// <summary>
    /// Raised after a commit that wrote items, or bypasses or confirmations of items, naming them (on the committing
    /// thread: handlers must be quick and must not write).
    /// </summary>
    internal event Action<IReadOnlyCollection<Core.Items.ItemKey>>? ItemsChanged;

    /// <summary>Set on the thread running a batch: a write started from inside a unit of work would wait for itself.</summary>
    [ThreadStatic]
    private static LiteDbUnitOfWork? _writingOnThisThread;

    private readonly Lock _write = new();
    private readonly Lock _queue = new();
    private readonly Queue<PendingWork> _pending = new();
    private bool _leading;
    private long _commits;

    // The last committed audit event, once read: every audited unit links to it, and only this writer appends.
    private ChainHead _head = ChainHead.Unknown;
    private readonly RecordedTargets _targets = new(db);
    private readonly OpenOutbox _openOutbox = new(db);
    private volatile Func<Core.Notifications.Notice, IReadOnlyList<(string Platform, string Target)>>? _noticeTargets;

    private long _syncs;

    // Whether everything committed so far is known to be on the disk (the last SyncCommits succeeded).
    private bool _durable = true;
    private long _units;
    private long _workTicks;
    private long _commitTicks;
    private long _durableTicks;

    /// <summary>How many times a commit was made durable (checkpoint and fsync); read-only units add none.</summary>
    public long DurableSyncs => Interlocked.Read(ref _syncs);

    /// <summary>Durable commits made so far and the units of work they carried (their ratio is the mean batch size).</summary>
    public (long Commits, long Units) CommitCounts => (Interlocked.Read(ref _commits), Interlocked.Read(ref _units));

    /// <summary>Where the write path spent its time so far: running the units, LiteDB's commit, and making it durable.</summary>
    public (TimeSpan Work, TimeSpan Commit, TimeSpan Durable) CommitTimes => (
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _workTicks)),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _commitTicks)),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _durableTicks)));

    /// <summary>Units of work queued and not yet taken into a commit (for tests).</summary>
    internal int Waiting
    {
        get
        {
            lock (_queue)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>The database, for reads of committed data by the port classes.</summary>
    internal LiteDatabase Database => db;

    /// <summary>The outbox's open messages as committed, for the outbox's reads.</summary>
    internal OpenOutbox OpenOutbox => _openOutbox;

    public T Transact<T>(Func<IStoreSession, T> work) => Write(work);

    public void PlanNoticesWith(Func<Core.Notifications.Notice, IReadOnlyList<(string Platform, string Target)>> targets) => _noticeTargets = targets;

    /// <summary>Runs <paramref name="work"/> as one unit of work of the group commit and returns once it is committed and on the disk.</summary>
    public T Write<T>(Func<LiteDbStoreSession, T> work)
    {
        if (ReferenceEquals(_writingOnThisThread, this))
        {
            throw new InvalidOperationException("A store write was started inside another write of the same store; it would wait for itself.");
        }

        using var mine = new PendingWork(session => work(session));
        lock (_queue)
        {
            _pending.Enqueue(mine);
            if (!_leading)
            {
                _leading = true;
                mine.Lead();
            }
        }

        // Woken when a leader has settled this unit, or when this caller is to lead (commit what is waiting).
        mine.Wait();
        if (!mine.IsSettled)
        {
            Lead(mine);
        }

        return (T)mine.Outcome()!;
    }

    /// <summary>
    /// Runs <paramref name="work"/> with the writer taken: no unit of work is in flight and none starts until it returns
    /// (they queue, and go on afterwards), and everything committed has first been checkpointed into the data file and
    /// flushed, so the data file alone is the whole store and stays as it is meanwhile. Reads go on. For a consistent
    /// copy of the running store (<see cref="LiteDbBackup"/>); keep <paramref name="work"/> short, writers wait.
    /// </summary>
    public void WhileQuiet(Action<DurableLiteDatabase> work)
    {
        if (ReferenceEquals(_writingOnThisThread, this))
        {
            throw new InvalidOperationException("The store was asked to be quiet from inside one of its writes; it would wait for itself.");
        }

        if (db is not DurableLiteDatabase durable)
        {
            throw new InvalidOperationException("Only a store over its own files (DurableLiteDatabase) can be copied.");
        }

        lock (_write)
        {
            MakeDurable(durable);
            _durable = true;
            work(durable);
        }
    }

    /// <summary>Commits batches until <paramref name="mine"/> is settled, then hands the lead to the oldest waiting unit.</summary>
    private void Lead(PendingWork mine)
    {
        try
        {
            lock (_write)
            {
                while (!mine.IsSettled)
                {
                    var batch = new List<PendingWork>();
                    lock (_queue)
                    {
                        while (batch.Count < MaxBatch && _pending.TryDequeue(out var next))
                        {
                            batch.Add(next);
                        }
                    }

                    try
                    {
                        if (batch.Count > 1 && TryCommit(batch))
                        {
                            continue;
                        }

                        foreach (var alone in batch)
                        {
                            TryCommit([alone]);
                        }
                    }
                    catch (Exception e)
                    {
                        // The store itself failed (say, the rollback): no unit taken may wait for ever.
                        batch.Where(p => !p.IsSettled).ToList().ForEach(p => p.Fail(e));
                    }
                }
            }
        }
        finally
        {
            lock (_queue)
            {
                if (_pending.TryPeek(out var next))
                {
                    next.Lead();
                }
                else
                {
                    _leading = false;
                }
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="batch"/> in one transaction, commits it and makes it durable, then settles every unit.
    /// False (everything rolled back, nothing settled) when a unit of a batch of several threw; a single unit is
    /// always settled, with its exception when it threw.
    /// </summary>
    private bool TryCommit(List<PendingWork> batch)
    {
        var results = new object?[batch.Count];
        var queuedNotices = false;
        var remindersChanged = false;
        var changedItems = new List<Core.Items.ItemKey>();
        var outboxWrites = new List<OutboxEntry>();
        var wrote = false;
        var started = Stopwatch.GetTimestamp();
        long worked = 0;
        var leaderSpan = Activity.Current;
        var head = _head.Copy();
        var noticeTargets = _noticeTargets;
        var planning = new NoticePlanning(noticeTargets, noticeTargets is not null && _openOutbox.HasUnplanned);
        var spans = SignOffBotTrace.Spans.HasListeners()
            ? batch.Select(p => p.Caller is { } caller ? StartCommitSpan(caller, batch.Count) : null).ToArray()
            : new Activity?[batch.Count];
        // LiteDB transactions belong to the calling thread; the work must not await.
        db.BeginTrans();
        _writingOnThisThread = this;
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var session = new LiteDbStoreSession(db, head, _targets, planning);
                Activity.Current = spans[i] ?? batch[i].Caller;
                results[i] = batch[i].Work(session);
                queuedNotices |= session.QueuedNotices;
                remindersChanged |= session.RemindersChanged;
                changedItems.AddRange(session.ChangedItems);
                outboxWrites.AddRange(session.OutboxWrites);
                wrote |= session.Wrote;
            }

            Activity.Current = leaderSpan;
            worked = Stopwatch.GetTimestamp();
            db.Commit();
            _head = head;
        }
        catch (Exception e)
        {
            Activity.Current = leaderSpan;
            _writingOnThisThread = null;
            db.Rollback();
            EndCommitSpans(spans, leaderSpan, batch.Count > 1 ? "rolled back: a unit of the batch failed, each runs again alone" : e.GetType().Name);
            if (batch.Count > 1)
            {
                return false;
            }

            batch[0].Fail(e);
            return true;
        }

        _writingOnThisThread = null;
        _openOutbox.Apply(outboxWrites);
        var committed = Stopwatch.GetTimestamp();
        // Units that only read (a repeated delivery answered from its record, a refusal nobody records) pay no fsync,
        // unless an earlier commit is still not known to be on the disk: what they answer from must be durable.
        if (wrote || !_durable)
        {
            try
            {
                _durable = false;
                SyncCommits(db);
                _durable = true;
                Interlocked.Increment(ref _syncs);
            }
            catch (Exception e)
            {
                // Committed, but not known to be on the disk: no caller may take it as done (a retried delivery is deduplicated).
                EndCommitSpans(spans, leaderSpan, "not made durable: " + e.GetType().Name);
                batch.ForEach(p => p.Fail(e));
                return true;
            }
        }

        EndCommitSpans(spans, leaderSpan, null);

        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _units, batch.Count);
        Interlocked.Add(ref _workTicks, worked - started);
        Interlocked.Add(ref _commitTicks, committed - worked);
        Interlocked.Add(ref _durableTicks, Stopwatch.GetTimestamp() - committed);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Succeed(results[i]);
        }

        if (queuedNotices)
        {
            outboxSignal.Notify();
        }

        if (remindersChanged)
        {
            ReminderTargetsChanged?.Invoke();
        }

        if (changedItems.Count > 0)
        {
            ItemsChanged?.Invoke(changedItems);
        }

        return true;
    }

    private static Activity? StartCommitSpan(Activity caller, int units)
    {
        var span = SignOffBotTrace.Spans.StartActivity(SignOffBotTrace.CommitSpan, ActivityKind.Internal, caller.Context);
        span?.SetTag(SignOffBotTrace.CommitUnits, units);
        return span;
    }

    /// <summary>Ends the batch's commit spans (failed when <paramref name="failure"/> says why) and gives the leader its own span back.</summary>
    private static void EndCommitSpans(Activity?[] spans, Activity? leaderSpan, string? failure)
    {
        foreach (var span in spans.OfType<Activity>())
        {
            if (failure is not null)
            {
                span.SetStatus(ActivityStatusCode.Error, failure);
            }

            span.Dispose();
        }

        Activity.Current = leaderSpan;
    }

    /// <summary>One caller's unit of work, waiting in the queue until a leader settles it (or asks it to lead).</summary>
    private sealed class PendingWork(Func<LiteDbStoreSession, object?> work) : IDisposable
    {
        // No spinning: a unit waits at least for a commit and its fsync, and dozens wait at once on two cores.
        private readonly ManualResetEventSlim _signal = new(false, spinCount: 0);
        private object? _result;
        private ExceptionDispatchInfo? _error;
        private volatile bool _settled;

        public Func<LiteDbStoreSession, object?> Work => work;

        /// <summary>The caller's span, if it is in one: the unit runs under it (and its commit span) on the leader's thread.</summary>
        public Activity? Caller { get; } = Activity.Current;

        public bool IsSettled => _settled;

        public void Lead() => _signal.Set();

        public void Wait() => _signal.Wait();

        public void Succeed(object? result)
        {
            _result = result;
            _settled = true;
            _signal.Set();
        }

        public void Fail(Exception error)
        {
            _error = ExceptionDispatchInfo.Capture(error);
            _settled = true;
            _signal.Set();
        }

        public object? Outcome()
        {
            _error?.Throw();
            return _result;
        }

        public void Dispose() => _signal.Dispose();
    }

    /// <summary>
    /// Returns once everything <paramref name="database"/> has committed is on the disk in its data file alone (the log
    /// folded in and cut back), what a copy of the data file needs. LiteDB 5's commit only queues
    /// its pages for a background writer that writes them to the log later; a checkpoint waits for that writer and
    /// copies the committed pages into the data file, which is then flushed to the disk (fsync): by
    /// <see cref="DurableLiteDatabase.SyncData"/>, or by LiteDB itself for a database it opened from a file name.
    /// </summary>
    public static void MakeDurable(LiteDatabase database)
    {
        database.Checkpoint();
        if (database is DurableLiteDatabase durable)
        {
            durable.SyncData();
        }
    }

    /// <summary>
    /// Returns once everything <paramref name="database"/> has committed is on the disk: in the log
    /// (<see cref="DurableLiteDatabase.SyncCommits"/>); a database LiteDB opened from a file name is checkpointed instead.
    /// </summary>
    private static void SyncCommits(LiteDatabase database)
    {
        if (database is DurableLiteDatabase durable)
        {
            durable.SyncCommits();
        }
        else
        {
            MakeDurable(database);
        }
    }

    public void Dispose() => db.Dispose();
}
