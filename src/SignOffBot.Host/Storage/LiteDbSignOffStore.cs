using LiteDB;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage;

/// <summary>
/// The embedded store. Writes are serialised by one lock and run in one LiteDB transaction each, so two
/// answers on the same sign-off arriving together are both kept, and the audit chain never forks.
/// </summary>
public sealed class LiteDbSignOffStore(LiteDatabase db, OutboxSignal outboxSignal, Reminders.ReminderPlanner? reminders = null) : ISignOffStore, IDisposable
{
    private const int AuditPage = 500;

    /// <summary>The open database, for the platform adapters' own collections (conversation references, card copies).</summary>
    public LiteDatabase Database => db;

    private readonly Lock _write = new();

    public T Transact<T>(Func<IStoreSession, T> work)
    {
        lock (_write)
        {
            // LiteDB transactions belong to the calling thread; the work must not await.
            db.BeginTrans();
            try
            {
                var session = new LiteDbStoreSession(db, reminders);
                var result = work(session);
                db.Commit();
                if (session.QueuedNotices)
                {
                    outboxSignal.Notify();
                }

                return result;
            }
            catch
            {
                db.Rollback();
                throw;
            }
        }
    }

    public Item? FindItem(ItemKey key) =>
        db.GetCollection<ItemDocument>(LiteDbSetup.Items).FindById(key.ToString()) is { } doc ? DocumentMapping.ToDomain(doc) : null;

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

    public (int Waiting, int Dead) OutboxCounts()
    {
        var outbox = db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox);
        return (outbox.Count(d => d.Status == OutboxStatus.Waiting), outbox.Count(d => d.Status == OutboxStatus.Dead));
    }

    /// <summary>Waiting outbox messages whose next attempt is due, oldest first.</summary>
    public IReadOnlyList<OutboxDocument> DueOutbox(DateTime now, int max)
    {
        lock (_write)
        {
            return db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox)
                .Find(d => d.Status == OutboxStatus.Waiting && d.NextAttemptAt <= now)
                .OrderBy(d => d.Id)
                .Take(max)
                .ToList();
        }
    }

    /// <summary>Dead letters, newest first, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<OutboxDocument> DeadOutbox(int max)
    {
        lock (_write)
        {
            return db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox)
                .Query()
                .Where(d => d.Status == OutboxStatus.Dead)
                .OrderByDescending(d => d.Id)
                .Limit(max)
                .ToList();
        }
    }

    /// <summary>
    /// Card updates coalesce to the newest: every waiting card refresh of <paramref name="item"/> older than the newest
    /// waiting one is marked sent without sending. Returns the newest waiting one's id (null when none waits) and the
    /// ids marked.
    /// </summary>
    public (long? Newest, IReadOnlyList<long> Superseded) SupersedeCardRefreshes(string item)
    {
        lock (_write)
        {
            var outbox = db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox);
            var refreshes = outbox.Find(d => d.Status == OutboxStatus.Waiting)
                .Where(d => d.Notice.Contains("card-refresh", StringComparison.Ordinal)
                    && NoticeJson.Read(d.Notice) is CardRefreshNotice refresh
                    && string.Equals(refresh.Item, item, StringComparison.Ordinal))
                .OrderBy(d => d.Id)
                .ToList();
            if (refreshes.Count == 0)
            {
                return (null, []);
            }

            var older = refreshes[..^1];
            if (older.Count > 0)
            {
                db.BeginTrans();
                try
                {
                    foreach (var message in older)
                    {
                        message.Status = OutboxStatus.Sent;
                        message.LastError = null;
                        outbox.Update(message);
                    }

                    db.Commit();
                }
                catch
                {
                    db.Rollback();
                    throw;
                }
            }

            return (refreshes[^1].Id, [.. older.Select(d => d.Id)]);
        }
    }

    /// <summary>Reminders due at <paramref name="now"/>, through the index on their due time (the rest is never read).</summary>
    public IReadOnlyList<Reminders.ReminderDocument> DueReminders(DateTime now, int max) =>
        db.GetCollection<Reminders.ReminderDocument>(LiteDbSetup.Reminders)
            .Find(Query.LTE(nameof(Reminders.ReminderDocument.NextDueAt), now), 0, max)
            .ToList();

    public void SaveOutbox(OutboxDocument message)
    {
        lock (_write)
        {
            db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox).Update(message);
        }
    }

    public void Dispose() => db.Dispose();
}
