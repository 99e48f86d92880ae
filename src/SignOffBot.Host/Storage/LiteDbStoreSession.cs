using LiteDB;
using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Reminders;
using SignOffBot.Host.Outbox;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Storage.Documents;
using SignOffBot.Host.Telemetry;

namespace SignOffBot.Host.Storage;

/// <summary>Reads and writes inside the transaction <see cref="LiteDbUnitOfWork.Write{T}"/> opened.</summary>
public sealed class LiteDbStoreSession : IStoreSession
{
    private readonly LiteDatabase _db;
    private readonly ChainHead _head;
    private readonly RecordedTargets _targets;
    private readonly NoticePlanning _planning;
    private readonly List<ItemKey> _changedItems = [];

    internal LiteDbStoreSession(LiteDatabase db, ChainHead head, RecordedTargets targets, NoticePlanning planning)
    {
        _db = db;
        _head = head;
        _targets = targets;
        _planning = planning;
    }

    /// <summary>A raw collection, taken as a write (the caller may change it); not the outbox (see <see cref="InsertOutbox"/>).</summary>
    public ILiteCollection<T> Collection<T>(string name)
    {
        if (string.Equals(name, LiteDbSetup.Outbox, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The outbox is written through InsertOutbox and UpdateOutbox only: the writer keeps its open messages (OpenOutbox) from them.");
        }

        Wrote = true;
        return _db.GetCollection<T>(name);
    }

    public IRecordWriter<T> Records<T>(string set) where T : class => new LiteDbRecordWriter<T>(Collection<T>(set));

    // The outbox, taken as a write: every outbox write goes through InsertOutbox and UpdateOutbox, which note it for
    // the writer's OpenOutbox.
    private ILiteCollection<OutboxMessage> Outbox
    {
        get
        {
            Wrote = true;
            return _db.GetCollection<OutboxMessage>(LiteDbSetup.Outbox);
        }
    }

    private readonly List<OutboxEntry> _outboxWrites = [];

    /// <summary>The outbox messages this unit wrote, as written, in order.</summary>
    internal IReadOnlyList<OutboxEntry> OutboxWrites => _outboxWrites;

    /// <summary>Inserts new outbox messages (their ids are set).</summary>
    internal void InsertOutbox(IReadOnlyCollection<OutboxMessage> messages)
    {
        if (messages.Count > 0)
        {
            Outbox.InsertBulk(messages);
            _outboxWrites.AddRange(messages.Select(OutboxEntry.Of));
        }
    }

    public void UpdateOutbox(IReadOnlyCollection<OutboxMessage> messages)
    {
        if (messages.Count > 0)
        {
            Outbox.Update(messages);
            _outboxWrites.AddRange(messages.Select(OutboxEntry.Of));
        }
    }

    /// <summary>
    /// Deletes done outbox messages (sent, planned; chosen by <see cref="LiteDbOutboxStore.RemoveDone"/>). They are not
    /// in the writer's <see cref="OpenOutbox"/>, so it has nothing to note. Returns how many were still there.
    /// </summary>
    internal int DeleteDoneOutbox(IReadOnlyCollection<long> ids)
    {
        var outbox = Outbox;
        return ids.Count(id => outbox.Delete(id));
    }

    /// <summary>Something was (or may have been) written in this unit: it must be made durable before it is answered.</summary>
    public bool Wrote { get; private set; }

    /// <summary>The items this unit wrote, or whose bypasses or confirmations it wrote.</summary>
    public IReadOnlyList<ItemKey> ChangedItems => _changedItems;

    private ILiteCollection<ItemDocument> Items => _db.GetCollection<ItemDocument>(LiteDbSetup.Items);

    private ILiteCollection<AuditDocument> Audit => _db.GetCollection<AuditDocument>(LiteDbSetup.Audit);

    private ILiteCollection<DeliveryDocument> Deliveries => _db.GetCollection<DeliveryDocument>(LiteDbSetup.Deliveries);

    private ILiteCollection<BypassDocument> Bypasses => _db.GetCollection<BypassDocument>(LiteDbSetup.Bypasses);

    private ILiteCollection<ConfirmationDocument> Confirmations => _db.GetCollection<ConfirmationDocument>(LiteDbSetup.Confirmations);

    public Item? FindItem(ItemKey key) => Items.FindById(key.ToString()) is { } doc ? DocumentMapping.ToDomain(doc) : null;

    public void InsertItem(Item item)
    {
        Wrote = true;
        _changedItems.Add(item.Key);
        Items.Insert(DocumentMapping.ToDocument(item));
    }

    public void UpdateItem(Item item)
    {
        Wrote = true;
        _changedItems.Add(item.Key);
        if (!Items.Update(DocumentMapping.ToDocument(item)))
        {
            throw new InvalidOperationException($"Item {item.Key} vanished from the store during an update.");
        }
    }

    public DeliveryRecord? FindDelivery(string deliveryId) =>
        Deliveries.FindById(deliveryId) is { } doc ? DocumentMapping.ToDomain(doc) : null;

    public void SaveDelivery(DeliveryRecord record)
    {
        Wrote = true;
        Deliveries.Upsert(DocumentMapping.ToDocument(record));
    }

    public AuditEvent? LastAuditEvent() => _head.Read(() =>
        Audit.Find(Query.All(Query.Descending), 0, 1).FirstOrDefault() is { } doc ? DocumentMapping.ToDomain(doc) : null);

    public void AppendAuditEvent(AuditEvent auditEvent)
    {
        Wrote = true;
        Audit.Insert(DocumentMapping.ToDocument(auditEvent));
        _head.Appended(auditEvent);
    }

    public Bypass? FindBypass(string id) => Bypasses.FindById(id) is { } doc ? DocumentMapping.ToDomain(doc) : null;

    public IReadOnlyList<Bypass> BypassesFor(ItemKey item, string infrastructure)
    {
        var target = DocumentMapping.TargetOf(item, infrastructure);
        return _targets.MayHaveBypass(target)
            ? Bypasses.Find(LiteDbQuery.Eq(nameof(BypassDocument.Target), target)).Select(DocumentMapping.ToDomain).ToList()
            : [];
    }

    public void SaveBypass(Bypass bypass)
    {
        Wrote = true;
        _changedItems.Add(bypass.Item);
        var document = DocumentMapping.ToDocument(bypass);
        _targets.BypassSaved(document.Target);
        Bypasses.Upsert(document);
    }

    public DeployConfirmation? LatestConfirmation(ItemKey item, string infrastructure)
    {
        var target = DocumentMapping.TargetOf(item, infrastructure);
        return _targets.MayHaveConfirmation(target) && Confirmations.Find(LiteDbQuery.Eq(nameof(ConfirmationDocument.Target), target)).MaxBy(d => d.At) is { } doc
            ? DocumentMapping.ToDomain(doc)
            : null;
    }

    public void SaveConfirmation(DeployConfirmation confirmation)
    {
        Wrote = true;
        _changedItems.Add(confirmation.Item);
        var document = DocumentMapping.ToDocument(confirmation);
        _targets.ConfirmationSaved(document.Target);
        Confirmations.Insert(document);
    }

    public bool QueuedNotices { get; private set; }

    private ILiteCollection<ReminderDocument> Reminders => _db.GetCollection<ReminderDocument>(LiteDbSetup.Reminders);

    public void ReplaceReminderTargets(string scope, IReadOnlyList<PlannedReminder> reminders)
    {
        Wrote = true;
        var targets = reminders.Select(r => r.Target).ToList();
        var existing = Reminders.Find(LiteDbQuery.Eq(nameof(ReminderDocument.Scope), scope)).ToDictionary(d => d.Id, StringComparer.Ordinal);

        // A target chased from a new moment (a slot asked again) starts its reminders over.
        var restarted = targets.Where(t => existing.TryGetValue(t.Id, out var d) && DocumentMapping.Utc(d.Anchor) != t.Anchor).Select(t => t.Id).ToList();
        foreach (var stale in existing.Keys.Except(targets.Select(t => t.Id), StringComparer.Ordinal).Concat(restarted).ToList())
        {
            existing.Remove(stale);
            Reminders.Delete(stale);
            RemindersChanged = true;
        }

        foreach (var planned in reminders.Where(r => !existing.ContainsKey(r.Target.Id)))
        {
            RemindersChanged = true;
            Reminders.Insert(ReminderDocument.Of(planned, scope));
        }
    }

    public StoredReminder? FindReminder(string id) => Reminders.FindById(id)?.ToStored();

    public IReadOnlyList<StoredReminder> AllReminders() => [.. Reminders.FindAll().Select(d => d.ToStored())];

    public void SaveReminder(StoredReminder reminder)
    {
        if (Reminders.FindById(reminder.Id) is not { } doc)
        {
            return;
        }

        Wrote = true;
        doc.Sent = reminder.Sent;
        doc.NextDueAt = reminder.NextDue?.UtcDateTime;
        Reminders.Update(doc);
        RemindersChanged = true;
    }

    /// <summary>A reminder target was added, dropped or moved in this transaction (the next due time may have changed).</summary>
    public bool RemindersChanged { get; private set; }

    /// <summary>
    /// Queues the notices: each becomes its deliveries at once when the batch can plan it (<see cref="NoticePlanning"/>),
    /// otherwise it is stored waiting for the dispatcher to plan.
    /// </summary>
    public void EnqueueNotices(IReadOnlyList<Notice> notices, DateTimeOffset now)
    {
        Wrote = true;
        QueuedNotices = true;
        // The unit runs under its commit span (LiteDbUnitOfWork): its deliveries' sends are traced under it.
        var traceParent = SignOffBotTrace.CurrentTraceParent();
        var deliveries = new List<OutboxMessage>();
        var waiting = new List<OutboxMessage>();
        foreach (var notice in notices)
        {
            var record = new OutboxMessage
            {
                Status = OutboxStatus.Waiting,
                Notice = NoticeJson.Write(notice),
                CreatedAt = now.UtcDateTime,
                NextAttemptAt = now.UtcDateTime,
                TraceParent = traceParent,
            };
            if (_planning.TargetsOf(notice) is { } targets)
            {
                deliveries.AddRange(new NoticePlan(record, NoticeJson.KindOf(notice), NoticeJson.ItemOf(notice), targets).Deliveries(now.UtcDateTime));
            }
            else
            {
                waiting.Add(record);
            }
        }

        // A notice waits only behind the ones planned before it (NoticePlanning): the deliveries go first.
        InsertOutbox(deliveries);
        InsertOutbox(waiting);
    }
}
