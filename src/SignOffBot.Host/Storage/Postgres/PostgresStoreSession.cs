using Npgsql;
using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Reminders;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Storage.Documents;
using SignOffBot.Host.Telemetry;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>
/// Reads and writes inside the transaction <see cref="PostgresUnitOfWork.Write{T}"/> opened. What a unit decides from
/// is locked until it commits, as one writer at a time would have it: an item (found or not yet there), a delivery id,
/// a bypass and the bypasses and confirmations of one item on one infrastructure, by advisory locks on their folded
/// keys; the audit chain by one advisory lock taken before its head is read. Locks are taken in that order by every
/// action (delivery, item, chain); a unit that deadlocks anyway is run again.
/// </summary>
public sealed class PostgresStoreSession : IStoreSession
{
    /// <summary>The audit chain's lock ("SOBCHAIN" in ASCII).</summary>
    private const long ChainLock = 0x534F42434841494E;

    private readonly HashSet<string> _locked = new(StringComparer.Ordinal);
    private readonly List<(long Delivery, string Claim)> _saved = [];
    private readonly List<ItemKey> _changedItems = [];
    private readonly OutboxClaims _claims;
    private bool _chainLocked;

    internal PostgresStoreSession(NpgsqlConnection connection, NpgsqlTransaction transaction, OutboxClaims claims)
    {
        Connection = connection;
        Transaction = transaction;
        _claims = claims;
    }

    internal NpgsqlConnection Connection { get; }

    internal NpgsqlTransaction Transaction { get; }

    /// <summary>Notices were queued in this unit (the dispatcher is woken once it commits).</summary>
    public bool QueuedNotices { get; private set; }

    /// <summary>A reminder target was added, dropped or moved in this unit.</summary>
    public bool RemindersChanged { get; private set; }

    /// <summary>The items this unit wrote, or whose bypasses or confirmations it wrote.</summary>
    public IReadOnlyList<ItemKey> ChangedItems => _changedItems;

    public Item? FindItem(ItemKey key)
    {
        var id = Sql.Folded(key.ToString());
        Lock("item:" + id);
        return Query("SELECT doc FROM items WHERE id = @id", r => DocumentMapping.ToDomain(StoreJson.Read<ItemDocument>(r.GetString(0))), ("id", id)) is [var item] ? item : null;
    }

    public void InsertItem(Item item)
    {
        _changedItems.Add(item.Key);
        Lock("item:" + Sql.Folded(item.Key.ToString()));
        Execute("INSERT INTO items (id, key, project, owner, state, open, doc) VALUES (@id, @key, @project, @owner, @state, @open, @doc::jsonb)", ItemColumns(item));
    }

    public void UpdateItem(Item item)
    {
        _changedItems.Add(item.Key);
        Lock("item:" + Sql.Folded(item.Key.ToString()));
        if (Execute("UPDATE items SET key = @key, project = @project, owner = @owner, state = @state, open = @open, doc = @doc::jsonb WHERE id = @id", ItemColumns(item)) == 0)
        {
            throw new InvalidOperationException($"Item {item.Key} vanished from the store during an update.");
        }
    }

    public DeliveryRecord? FindDelivery(string deliveryId)
    {
        var id = Sql.Folded(deliveryId);
        Lock("delivery:" + id);
        return Query("SELECT doc FROM deliveries WHERE id = @id", r => DocumentMapping.ToDomain(StoreJson.Read<DeliveryDocument>(r.GetString(0))), ("id", id)) is [var found] ? found : null;
    }

    public void SaveDelivery(DeliveryRecord record)
    {
        var id = Sql.Folded(record.DeliveryId);
        Lock("delivery:" + id);
        Execute("INSERT INTO deliveries (id, doc) VALUES (@id, @doc::jsonb) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
            ("id", id), ("doc", StoreJson.Write(DocumentMapping.ToDocument(record))));
    }

    /// <summary>The chain's head, read under the chain's lock: no other unit appends until this one commits.</summary>
    public AuditEvent? LastAuditEvent()
    {
        LockChain();
        return Query($"SELECT {PostgresAuditLog.Columns} FROM audit ORDER BY seq DESC LIMIT 1", PostgresAuditLog.Read) is [var last] ? last : null;
    }

    public void AppendAuditEvent(AuditEvent auditEvent)
    {
        LockChain();
        Execute("""
            INSERT INTO audit (seq, at, actor, platform, action, item, slot, answer, comment, source, delivery_id, prev_hash, hash)
            VALUES (@seq, @at, @actor, @platform, @action, @item, @slot, @answer, @comment, @source, @deliveryId, @prevHash, @hash)
            """, PostgresAuditLog.Parameters(auditEvent));
    }

    public Bypass? FindBypass(string id)
    {
        var folded = Sql.Folded(id);
        Lock("bypass:" + folded);
        return Query("SELECT doc FROM bypasses WHERE id = @id", ReadBypass, ("id", folded)) is [var bypass] ? bypass : null;
    }

    public IReadOnlyList<Bypass> BypassesFor(ItemKey item, string infrastructure)
    {
        var target = Sql.Folded(DocumentMapping.TargetOf(item, infrastructure));
        Lock("target:" + target);
        return Query("SELECT doc FROM bypasses WHERE target = @target ORDER BY id", ReadBypass, ("target", target));
    }

    public void SaveBypass(Bypass bypass)
    {
        _changedItems.Add(bypass.Item);
        var id = Sql.Folded(bypass.Id);
        Lock("bypass:" + id);
        var doc = DocumentMapping.ToDocument(bypass);
        Execute("INSERT INTO bypasses (id, target, doc) VALUES (@id, @target, @doc::jsonb) ON CONFLICT (id) DO UPDATE SET target = excluded.target, doc = excluded.doc",
            ("id", id), ("target", Sql.Folded(doc.Target)), ("doc", StoreJson.Write(doc)));
    }

    /// <summary>The latest confirmation (of two at the same time, the one stored first, as the embedded store answers).</summary>
    public DeployConfirmation? LatestConfirmation(ItemKey item, string infrastructure)
    {
        var target = Sql.Folded(DocumentMapping.TargetOf(item, infrastructure));
        Lock("target:" + target);
        return Query("SELECT doc FROM confirmations WHERE target = @target ORDER BY at DESC, id LIMIT 1",
            r => DocumentMapping.ToDomain(StoreJson.Read<ConfirmationDocument>(r.GetString(0))), ("target", target)) is [var latest] ? latest : null;
    }

    public void SaveConfirmation(DeployConfirmation confirmation)
    {
        _changedItems.Add(confirmation.Item);
        var doc = DocumentMapping.ToDocument(confirmation);
        Execute("INSERT INTO confirmations (target, at, doc) VALUES (@target, @at, @doc::jsonb)",
            ("target", Sql.Folded(doc.Target)), ("at", doc.At), ("doc", StoreJson.Write(doc)));
    }

    public void EnqueueNotices(IReadOnlyList<Notice> notices, DateTimeOffset now)
    {
        QueuedNotices = true;
        // The unit runs under its commit span (PostgresUnitOfWork): its deliveries' sends are traced under it.
        var traceParent = SignOffBotTrace.CurrentTraceParent();
        foreach (var notice in notices)
        {
            Execute("INSERT INTO outbox (status, notice, created_at, next_attempt_at, trace_parent) VALUES (@status, @notice, @now, @now, @traceParent)",
                ("status", OutboxStatus.Waiting), ("notice", NoticeJson.Write(notice)), ("now", now.UtcDateTime), ("traceParent", traceParent));
        }
    }

    /// <summary>
    /// Stores the new states of outbox messages. A delivery this host claimed is stored only while its claim still
    /// holds, and its claim ends with it; one it did not claim, only while no host claims it.
    /// </summary>
    public void UpdateOutbox(IReadOnlyCollection<OutboxMessage> messages)
    {
        foreach (var message in messages)
        {
            var claim = _claims.Of(message.Id);
            var stored = Execute($"""
                UPDATE outbox SET status = @status, notice = @notice, created_at = @createdAt, next_attempt_at = @nextAttemptAt,
                    attempts = @attempts, done_platforms = @donePlatforms, last_error = @lastError, platform = @platform,
                    target = @target, lane = @lane, kind = @kind, item = @item, notice_id = @noticeId, trace_parent = @traceParent,
                    claimed_by = NULL, lease_until = NULL
                WHERE id = @id AND {(claim is null ? "claimed_by IS NULL" : "claimed_by = @claim")}
                """, [.. PostgresOutboxStore.Parameters(message), ("claim", claim)]);
            if (stored > 0 && claim is not null)
            {
                _saved.Add((message.Id, claim));
            }
        }
    }

    public IRecordWriter<T> Records<T>(string set) where T : class => new PostgresRecordWriter<T>(this, set);

    public void ReplaceReminderTargets(string scope, IReadOnlyList<PlannedReminder> reminders)
    {
        var folded = Sql.Folded(scope);
        var targets = reminders.Select(r => r.Target).ToList();
        var existing = Query("SELECT doc FROM reminders WHERE scope = @scope FOR UPDATE", r => StoreJson.Read<ReminderDocument>(r.GetString(0)), ("scope", folded))
            .ToDictionary(d => d.Id, StringComparer.Ordinal);

        // A target chased from a new moment (a slot asked again) starts its reminders over.
        var restarted = targets.Where(t => existing.TryGetValue(t.Id, out var d) && DocumentMapping.Utc(d.Anchor) != t.Anchor).Select(t => t.Id).ToList();
        foreach (var stale in existing.Keys.Except(targets.Select(t => t.Id), StringComparer.Ordinal).Concat(restarted).ToList())
        {
            existing.Remove(stale);
            Execute("DELETE FROM reminders WHERE id = @id", ("id", Sql.Folded(stale)));
            RemindersChanged = true;
        }

        foreach (var planned in reminders.Where(r => !existing.ContainsKey(r.Target.Id)))
        {
            RemindersChanged = true;
            var doc = ReminderDocument.Of(planned, scope);
            Execute("INSERT INTO reminders (id, scope, next_due_at, doc) VALUES (@id, @scope, @due, @doc::jsonb)",
                ("id", Sql.Folded(doc.Id)), ("scope", folded), ("due", doc.NextDueAt), ("doc", StoreJson.Write(doc)));
        }
    }

    /// <summary>A reminder target, held until the unit commits: a reminder due now is sent by one unit, whichever host runs it.</summary>
    public StoredReminder? FindReminder(string id) =>
        Query("SELECT doc FROM reminders WHERE id = @id FOR UPDATE", r => StoreJson.Read<ReminderDocument>(r.GetString(0)).ToStored(), ("id", Sql.Folded(id))) is [var found] ? found : null;

    public IReadOnlyList<StoredReminder> AllReminders() =>
        Query("SELECT doc FROM reminders ORDER BY id FOR UPDATE", r => StoreJson.Read<ReminderDocument>(r.GetString(0)).ToStored());

    public void SaveReminder(StoredReminder reminder)
    {
        var id = Sql.Folded(reminder.Id);
        if (Query("SELECT doc FROM reminders WHERE id = @id FOR UPDATE", r => StoreJson.Read<ReminderDocument>(r.GetString(0)), ("id", id)) is not [var doc])
        {
            return;
        }

        doc.Sent = reminder.Sent;
        doc.NextDueAt = reminder.NextDue?.UtcDateTime;
        Execute("UPDATE reminders SET next_due_at = @due, doc = @doc::jsonb WHERE id = @id", ("id", id), ("due", doc.NextDueAt), ("doc", StoreJson.Write(doc)));
        RemindersChanged = true;
    }

    /// <summary>Takes the transaction-scoped advisory lock of <paramref name="key"/> (once per unit).</summary>
    internal void Lock(string key)
    {
        if (_locked.Add(key))
        {
            Execute("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", ("key", key));
        }
    }

    internal int Execute(string sql, params (string Name, object? Value)[] parameters) => Sql.Execute(Connection, Transaction, sql, parameters);

    internal List<T> Query<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object? Value)[] parameters) =>
        Sql.Query(Connection, Transaction, sql, read, parameters);

    /// <summary>After the commit: the claims of the deliveries stored are over.</summary>
    internal void Committed() => _saved.ForEach(s => _claims.Release(s.Delivery, s.Claim));

    private void LockChain()
    {
        if (!_chainLocked)
        {
            Execute("SELECT pg_advisory_xact_lock(@key)", ("key", ChainLock));
            _chainLocked = true;
        }
    }

    private static Bypass ReadBypass(NpgsqlDataReader reader) => DocumentMapping.ToDomain(StoreJson.Read<BypassDocument>(reader.GetString(0)));

    private static (string, object?)[] ItemColumns(Item item)
    {
        var doc = DocumentMapping.ToDocument(item);
        return
        [
            ("id", Sql.Folded(doc.Id)), ("key", doc.Id), ("project", Sql.Folded(doc.Project)), ("owner", Sql.Folded(doc.Owner)),
            ("state", doc.State), ("open", doc.Open), ("doc", StoreJson.Write(doc)),
        ];
    }
}
