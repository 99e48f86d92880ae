using System.Diagnostics;
using System.Linq.Expressions;
using System.Runtime.ExceptionServices;
using LiteDB;
using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Reminders;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage;

/// <summary>
/// The embedded store. Writes are serialised: every unit of work runs inside one LiteDB transaction on one thread at a
/// time, so two answers on the same sign-off arriving together are both kept, and the audit chain never forks.
/// Group commit: units of work that arrive while a commit is being made durable wait, and the next commit carries them
/// all (at most <see cref="MaxBatch"/>), one after the other in arrival order inside one transaction; each caller
/// returns only once that transaction is committed and on the disk (<see cref="MakeDurable"/>). When any unit of a
/// batch throws, the whole transaction is rolled back and its units are run again one transaction each, so every
/// caller gets exactly the result or the exception it would have got alone.
/// <para>This is the process's only LiteDB writer: no two write transactions ever run at once (LiteDB 5 can corrupt
/// its in-memory free-page list when they do). The adapters' own collections (card copies, conversation references,
/// people found by lookup, playground messages) are reached through <see cref="Collection{T}"/>, whose writes come
/// here too; nothing outside <c>Storage/</c> holds the database. Reads run concurrently on committed data.</para>
/// </summary>
public sealed class LiteDbSignOffStore(LiteDatabase db, OutboxSignal outboxSignal) : ISignOffStore, IReminderStore, IDisposable
{
    private const int AuditPage = 500;

    /// <summary>The most units of work one commit carries.</summary>
    public const int MaxBatch = 128;

    /// <summary>
    /// Raised after a commit that added, dropped or moved reminder targets (on the committing thread: handlers must be
    /// quick and must not write).
    /// </summary>
    public event Action? ReminderTargetsChanged;

    /// <summary>Set on the thread running a batch: a write started from inside a unit of work would wait for itself.</summary>
    [ThreadStatic]
    private static LiteDbSignOffStore? _writingOnThisThread;

    private readonly Lock _write = new();
    private readonly Lock _queue = new();
    private readonly Queue<PendingWork> _pending = new();
    private bool _leading;
    private long _commits;

    private long _syncs;

    // Whether everything committed so far is known to be on the disk (the last MakeDurable succeeded).
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

    public T Transact<T>(Func<IStoreSession, T> work) => Write(work);

    /// <summary>
    /// Runs <paramref name="work"/> as one unit of work of the group commit and returns once it is committed and on the
    /// disk. The host's side of <see cref="Transact{T}"/>: its session also reaches the host's own collections.
    /// </summary>
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
        var wrote = false;
        var started = Stopwatch.GetTimestamp();
        long worked = 0;
        // LiteDB transactions belong to the calling thread; the work must not await.
        db.BeginTrans();
        _writingOnThisThread = this;
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var session = new LiteDbStoreSession(db);
                results[i] = batch[i].Work(session);
                queuedNotices |= session.QueuedNotices;
                remindersChanged |= session.RemindersChanged;
                wrote |= session.Wrote;
            }

            worked = Stopwatch.GetTimestamp();
            db.Commit();
        }
        catch (Exception e)
        {
            _writingOnThisThread = null;
            db.Rollback();
            if (batch.Count > 1)
            {
                return false;
            }

            batch[0].Fail(e);
            return true;
        }

        _writingOnThisThread = null;
        var committed = Stopwatch.GetTimestamp();
        // Units that only read (a repeated delivery answered from its record, a refusal nobody records) pay no fsync,
        // unless an earlier commit is still not known to be on the disk: what they answer from must be durable.
        if (wrote || !_durable)
        {
            try
            {
                _durable = false;
                MakeDurable(db);
                _durable = true;
                Interlocked.Increment(ref _syncs);
            }
            catch (Exception e)
            {
                // Committed, but not known to be on the disk: no caller may take it as done (a retried delivery is deduplicated).
                batch.ForEach(p => p.Fail(e));
                return true;
            }
        }

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

        return true;
    }

    /// <summary>One caller's unit of work, waiting in the queue until a leader settles it (or asks it to lead).</summary>
    private sealed class PendingWork(Func<LiteDbStoreSession, object?> work) : IDisposable
    {
        private readonly ManualResetEventSlim _signal = new(false);
        private object? _result;
        private ExceptionDispatchInfo? _error;
        private volatile bool _settled;

        public Func<LiteDbStoreSession, object?> Work => work;

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
    /// A collection of the host's own in the store file, its indexes made (through the write path) on the way:
    /// reads go straight to LiteDB, writes through <see cref="Write{T}"/>.
    /// </summary>
    public StoredCollection<T> Collection<T>(string name, params Expression<Func<T, object?>>[] indexes)
    {
        if (indexes.Length > 0)
        {
            Write(session =>
            {
                var collection = session.Collection<T>(name);
                foreach (var index in indexes)
                {
                    collection.EnsureIndex(index);
                }

                return indexes.Length;
            });
        }

        return new StoredCollection<T>(this, db, name);
    }

    public Item? FindItem(ItemKey key) =>
        db.GetCollection<ItemDocument>(LiteDbSetup.Items).FindById(key.ToString()) is { } doc ? DocumentMapping.ToDomain(doc) : null;

    public Bypass? FindBypass(string id) =>
        db.GetCollection<BypassDocument>(LiteDbSetup.Bypasses).FindById(id) is { } doc ? DocumentMapping.ToDomain(doc) : null;

    public IEnumerable<Item> OpenItems() =>
        db.GetCollection<ItemDocument>(LiteDbSetup.Items).Find(d => d.Open).Select(DocumentMapping.ToDomain);

    public IReadOnlyList<AuditEvent> AuditOf(ItemKey item) => db.GetCollection<AuditDocument>(LiteDbSetup.Audit)
        .Find(d => d.Item == item.ToString())
        .OrderBy(d => d.Id)
        .Select(DocumentMapping.ToDomain)
        .ToList();

    public IEnumerable<AuditEvent> AuditTrail()
    {
        var audit = db.GetCollection<AuditDocument>(LiteDbSetup.Audit);
        long after = 0;
        while (true)
        {
            var page = audit.Find(Query.GT("_id", after), 0, AuditPage).ToList();
            foreach (var doc in page)
            {
                yield return DocumentMapping.ToDomain(doc);
            }

            if (page.Count < AuditPage)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }

    public bool IsReady()
    {
        try
        {
            _ = db.GetCollection<AuditDocument>(LiteDbSetup.Audit).Find(Query.All(), 0, 1).Any();
            return true;
        }
        catch (LiteException)
        {
            return false;
        }
    }

    /// <summary>Deliveries waiting (with notices not planned yet), unreachable and dead, in all and per platform.</summary>
    public OutboxCounts OutboxCounts()
    {
        var outbox = db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox);
        var open = outbox.Find(Query.In(nameof(OutboxDocument.Status), OutboxStatus.Waiting, OutboxStatus.Unreachable, OutboxStatus.Dead))
            .Select(d => (d.Platform, d.Status))
            .ToList();
        var platforms = open.Where(d => d.Platform is not null)
            .GroupBy(d => d.Platform!, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => new PlatformOutboxCounts(g.Count(d => d.Status == OutboxStatus.Waiting), g.Count(d => d.Status == OutboxStatus.Unreachable), g.Count(d => d.Status == OutboxStatus.Dead)),
                StringComparer.Ordinal);
        return new OutboxCounts(
            open.Count(d => d.Status == OutboxStatus.Waiting),
            open.Count(d => d.Status == OutboxStatus.Unreachable),
            open.Count(d => d.Status == OutboxStatus.Dead),
            platforms);
    }

    /// <summary>Notices not planned into deliveries yet, oldest first. A read of committed data.</summary>
    public IReadOnlyList<OutboxDocument> UnplannedNotices(int max) =>
        db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox)
            .Find(Query.EQ(nameof(OutboxDocument.Status), OutboxStatus.Waiting))
            .Where(d => d.Platform is null)
            .OrderBy(d => d.Id)
            .Take(max)
            .ToList();

    /// <summary>
    /// Writes each notice's deliveries, one per platform and target, and marks the notice planned, all in one unit of
    /// work: a crash leaves either the notices waiting or all their deliveries.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<OutboxDocument>> PlanDeliveries(IReadOnlyList<NoticePlan> plans, DateTime now) =>
        Write(session =>
        {
            var outbox = session.Collection<OutboxDocument>(LiteDbSetup.Outbox);
            var planned = new List<IReadOnlyList<OutboxDocument>>(plans.Count);
            foreach (var plan in plans)
            {
                var deliveries = plan.Targets.Select(t => new OutboxDocument
                {
                    Status = OutboxStatus.Waiting,
                    Notice = plan.Notice.Notice,
                    CreatedAt = plan.Notice.CreatedAt,
                    NextAttemptAt = now,
                    Platform = t.Platform,
                    Target = t.Target,
                    Lane = OutboxDocument.LaneOf(t.Platform, t.Target),
                    Kind = plan.Kind,
                    Item = plan.Item,
                    NoticeId = plan.Notice.Id,
                }).ToList();
                outbox.InsertBulk(deliveries);
                plan.Notice.Status = OutboxStatus.Planned;
                outbox.Update(plan.Notice);
                planned.Add(deliveries);
            }

            return planned;
        });

    /// <summary>Deliveries whose next attempt is due (waiting, or unreachable to be checked again), oldest first.</summary>
    public IReadOnlyList<OutboxDocument> DueOutbox(DateTime now, int max) =>
        db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox)
            .Find(Query.In(nameof(OutboxDocument.Status), OutboxStatus.Waiting, OutboxStatus.Unreachable))
            .Where(d => d.Platform is not null && d.NextAttemptAt <= now)
            .OrderBy(d => d.Id)
            .Take(max)
            .ToList();

    /// <summary>
    /// The earliest next attempt of a delivery that has not gone out (waiting, or unreachable to be checked again), or
    /// null when there is none. A read of committed data.
    /// </summary>
    public DateTime? NextOpenAttempt() =>
        db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox)
            .Find(Query.In(nameof(OutboxDocument.Status), OutboxStatus.Waiting, OutboxStatus.Unreachable))
            .Where(d => d.Platform is not null)
            .Select(d => (DateTime?)d.NextAttemptAt)
            .Min();

    /// <summary>The oldest delivery of <paramref name="lane"/> before <paramref name="id"/> that has not gone out yet, if any.</summary>
    public OutboxDocument? OlderOpen(string lane, long id) =>
        db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox)
            .Find(Query.EQ(nameof(OutboxDocument.Lane), lane))
            .Where(d => d.Id < id && d.Status is OutboxStatus.Waiting or OutboxStatus.Unreachable)
            .OrderBy(d => d.Id)
            .FirstOrDefault();

    /// <summary>The targets of <paramref name="platform"/> whose deliveries wait as unreachable.</summary>
    public IReadOnlyList<string> UnreachableTargets(string platform) =>
        [.. db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox)
            .Find(Query.EQ(nameof(OutboxDocument.Status), OutboxStatus.Unreachable))
            .Where(d => d.Platform == platform && d.Target is not null)
            .Select(d => d.Target!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>Makes every unreachable delivery of <paramref name="platform"/> due now (the bot has just learnt new targets).</summary>
    public int WakeUnreachable(string platform, DateTime now) => Write(session =>
    {
        var outbox = session.Collection<OutboxDocument>(LiteDbSetup.Outbox);
        var woken = outbox.Find(Query.EQ(nameof(OutboxDocument.Status), OutboxStatus.Unreachable)).Where(d => d.Platform == platform).ToList();
        foreach (var delivery in woken)
        {
            delivery.NextAttemptAt = now;
            outbox.Update(delivery);
        }

        return woken.Count;
    });

    /// <summary>Dead letters, newest first, at most <paramref name="max"/>. A read of committed data.</summary>
    public IReadOnlyList<OutboxDocument> DeadOutbox(int max) =>
        db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox)
            .Find(Query.EQ(nameof(OutboxDocument.Status), OutboxStatus.Dead))
            .OrderByDescending(d => d.Id)
            .Take(max)
            .ToList();

    /// <summary>Puts a dead letter back in the queue (attempts from zero, due now); false when <paramref name="id"/> is no dead letter.</summary>
    public bool RetryDead(long id, DateTime now) => Write(session =>
    {
        var outbox = session.Collection<OutboxDocument>(LiteDbSetup.Outbox);
        if (outbox.FindById(id) is not { Status: OutboxStatus.Dead } letter)
        {
            return false;
        }

        letter.Status = OutboxStatus.Waiting;
        letter.Attempts = 0;
        letter.NextAttemptAt = now;
        return outbox.Update(letter);
    });

    /// <summary>
    /// Card redraws coalesce per copy: in <paramref name="lane"/> (one copy's redraws), every waiting delivery older than
    /// the newest is marked sent without sending. Returns the newest waiting one's id and the ids marked.
    /// </summary>
    public (long? Newest, IReadOnlyList<long> Superseded) SupersedeRedraws(string lane)
    {
        var outbox = db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox);
        var redraws = outbox.Find(Query.EQ(nameof(OutboxDocument.Lane), lane))
            .Where(d => d.Status == OutboxStatus.Waiting)
            .OrderBy(d => d.Id)
            .ToList();
        if (redraws.Count == 0)
        {
            return (null, []);
        }

        var older = redraws[..^1];
        if (older.Count > 0)
        {
            Write(session =>
            {
                var writable = session.Collection<OutboxDocument>(LiteDbSetup.Outbox);
                foreach (var message in older)
                {
                    message.Status = OutboxStatus.Sent;
                    message.LastError = null;
                    writable.Update(message);
                }

                return older.Count;
            });
        }

        return (redraws[^1].Id, [.. older.Select(d => d.Id)]);
    }

    /// <summary>
    /// Reminders due at <paramref name="now"/>, through the index on their due time (the rest is never read). Targets
    /// that are done (no next due time) are not due: the index sorts a missing value before every date, so the range
    /// starts at the first date rather than "everything up to now".
    /// </summary>
    public IReadOnlyList<StoredReminder> DueReminders(DateTimeOffset now, int max) =>
        [.. db.GetCollection<Reminders.ReminderDocument>(LiteDbSetup.Reminders)
            .Find(Query.Between(nameof(Reminders.ReminderDocument.NextDueAt), DateTime.MinValue, now.UtcDateTime), 0, max)
            .Select(d => d.ToStored())];

    /// <summary>The earliest next due time of any reminder target (through the index), or null when none is due ever.</summary>
    public DateTime? EarliestReminderDue() =>
        db.GetCollection<Reminders.ReminderDocument>(LiteDbSetup.Reminders)
            .Find(Query.Between(nameof(Reminders.ReminderDocument.NextDueAt), DateTime.MinValue, DateTime.MaxValue), 0, 1)
            .FirstOrDefault()?.NextDueAt;

    /// <summary>Stores an outbox message's new state, as one unit of work of the group commit.</summary>
    public void SaveOutbox(OutboxDocument message) => SaveOutbox([message]);

    /// <summary>Stores the new states of outbox messages, all in one unit of work of the group commit.</summary>
    public void SaveOutbox(IReadOnlyCollection<OutboxDocument> messages)
    {
        if (messages.Count > 0)
        {
            Write(session => session.Collection<OutboxDocument>(LiteDbSetup.Outbox).Update(messages));
        }
    }

    /// <summary>
    /// Returns once everything <paramref name="database"/> has committed is on the disk. LiteDB 5's commit only queues
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

    public void Dispose() => db.Dispose();
}
