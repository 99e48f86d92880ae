using LiteDB;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage;

/// <summary>
/// The embedded store. Writes are serialised by one lock and run in one LiteDB transaction each, so two
/// answers on the same sign-off arriving together are both kept, and the audit chain never forks.
/// </summary>
public sealed class LiteDbSignOffStore(LiteDatabase db, OutboxSignal outboxSignal) : ISignOffStore, IDisposable
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
                var session = new LiteDbStoreSession(db);
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

    public void SaveOutbox(OutboxDocument message)
    {
        lock (_write)
        {
            db.GetCollection<OutboxDocument>(LiteDbSetup.Outbox).Update(message);
        }
    }

    public void Dispose() => db.Dispose();
}
