using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Ports;

namespace SignOffBot.Core.Tests.Fakes;

/// <summary>
/// An honest in-memory <see cref="ISignOffStore"/> for tests: one transaction at a time under a lock, each working
/// on a copy of the committed state that replaces it only when the work returns, so a work item that throws
/// leaves nothing behind. Items are keyed by their exact <see cref="ItemKey"/>; inserting a key twice throws,
/// as a unique index would.
/// </summary>
public sealed class InMemorySignOffStore : ISignOffStore, IAuditLog, IUnitOfWork
{
    private readonly Lock _gate = new();
    private State _committed = new();

    public int Commits { get; private set; }

    public event Action<IReadOnlyCollection<ItemKey>>? ItemsChanged;

    public T Transact<T>(Func<IStoreSession, T> work)
    {
        T result;
        Session session;
        lock (_gate)
        {
            var working = _committed.Copy();
            session = new Session(working);
            try
            {
                result = work(session);
                _committed = working;
                Commits++;
            }
            finally
            {
                session.Close();
            }
        }

        if (session.ChangedItems.Count > 0)
        {
            ItemsChanged?.Invoke(session.ChangedItems);
        }

        return result;
    }

    public Bypass? FindBypass(string id)
    {
        lock (_gate)
        {
            return _committed.Bypasses.FirstOrDefault(b => b.Id == id);
        }
    }

    public Item? FindItem(ItemKey key)
    {
        lock (_gate)
        {
            return _committed.Items.GetValueOrDefault(key);
        }
    }

    public IEnumerable<Item> OpenItems()
    {
        lock (_gate)
        {
            return _committed.Items.Values.Where(i => i.SignOff.IsOpen).ToList();
        }
    }

    public IEnumerable<Bypass> OpenIncidentReviews()
    {
        lock (_gate)
        {
            return _committed.Bypasses.Where(b => b.Status == BypassStatus.Granted && b.Review is { IsOpen: true }).ToList();
        }
    }

    public ItemPage ListItems(ItemQuery query)
    {
        var after = query.AfterKey();
        lock (_gate)
        {
            var found = _committed.Items.Values
                .Where(i => query.Matches(i) && (after is null || string.CompareOrdinal(i.Key.ToString(), after) > 0))
                .OrderBy(i => i.Key.ToString(), StringComparer.Ordinal)
                .Take(query.Limit + 1)
                .ToList();
            return ItemPage.Of(found, query.Limit);
        }
    }

    public IReadOnlyList<AuditEvent> Of(ItemKey item)
    {
        var key = item.ToString();
        lock (_gate)
        {
            return _committed.Audit.Where(e => e.Item == key).ToList();
        }
    }

    public IEnumerable<AuditEvent> Trail()
    {
        lock (_gate)
        {
            return _committed.Audit.ToList();
        }
    }

    public AuditEvent? Head()
    {
        lock (_gate)
        {
            return _committed.Audit.Count == 0 ? null : _committed.Audit[^1];
        }
    }

    public bool IsReady() => true;

    /// <summary>Every remembered delivery, for assertions.</summary>
    public IReadOnlyDictionary<string, DeliveryRecord> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, DeliveryRecord>(_committed.Deliveries, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Every bypass, for assertions.</summary>
    public IReadOnlyList<Bypass> Bypasses
    {
        get
        {
            lock (_gate)
            {
                return _committed.Bypasses.ToList();
            }
        }
    }

    /// <summary>Every queued notice, in order, for assertions.</summary>
    public IReadOnlyList<Notice> Notices
    {
        get
        {
            lock (_gate)
            {
                return _committed.Notices.ToList();
            }
        }
    }

    /// <summary>Who is chased, per scope, for assertions.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ReminderTarget>> ReminderTargets
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, IReadOnlyList<ReminderTarget>>(_committed.ReminderTargets, StringComparer.Ordinal);
            }
        }
    }

    private sealed class State
    {
        public Dictionary<ItemKey, Item> Items { get; init; } = [];

        public Dictionary<string, DeliveryRecord> Deliveries { get; init; } = new(StringComparer.Ordinal);

        public List<AuditEvent> Audit { get; init; } = [];

        /// <summary>In the order they were first saved.</summary>
        public List<Bypass> Bypasses { get; init; } = [];

        public List<DeployConfirmation> Confirmations { get; init; } = [];

        public List<Notice> Notices { get; init; } = [];

        public Dictionary<string, IReadOnlyList<ReminderTarget>> ReminderTargets { get; init; } = new(StringComparer.Ordinal);

        // The values are immutable records, so copying the collections is a full copy.
        public State Copy() => new()
        {
            Items = new Dictionary<ItemKey, Item>(Items),
            Deliveries = new Dictionary<string, DeliveryRecord>(Deliveries, StringComparer.Ordinal),
            Audit = [.. Audit],
            Bypasses = [.. Bypasses],
            Confirmations = [.. Confirmations],
            Notices = [.. Notices],
            ReminderTargets = new Dictionary<string, IReadOnlyList<ReminderTarget>>(ReminderTargets, StringComparer.Ordinal),
        };
    }

    private sealed class Session(State state) : IStoreSession
    {
        private readonly List<ItemKey> _changedItems = [];
        private bool _closed;

        public IReadOnlyList<ItemKey> ChangedItems => _changedItems;

        public void Close() => _closed = true;

        public Item? FindItem(ItemKey key) => Open().Items.GetValueOrDefault(key);

        public void InsertItem(Item item)
        {
            if (!Open().Items.TryAdd(item.Key, item))
            {
                throw new InvalidOperationException($"Duplicate key: item {item.Key} already exists.");
            }

            _changedItems.Add(item.Key);
        }

        public void UpdateItem(Item item)
        {
            if (!Open().Items.ContainsKey(item.Key))
            {
                throw new InvalidOperationException($"No item {item.Key} to update.");
            }

            state.Items[item.Key] = item;
            _changedItems.Add(item.Key);
        }

        public DeliveryRecord? FindDelivery(string deliveryId) => Open().Deliveries.GetValueOrDefault(deliveryId);

        public void SaveDelivery(DeliveryRecord record) => Open().Deliveries[record.DeliveryId] = record;

        public AuditEvent? LastAuditEvent() => Open().Audit.Count == 0 ? null : state.Audit[^1];

        public void AppendAuditEvent(AuditEvent auditEvent)
        {
            var expected = (LastAuditEvent()?.Seq ?? 0) + 1;
            if (auditEvent.Seq != expected)
            {
                throw new InvalidOperationException($"Audit events are append-only: expected seq {expected}, got {auditEvent.Seq}.");
            }

            state.Audit.Add(auditEvent);
        }

        public Bypass? FindBypass(string id) => Open().Bypasses.FirstOrDefault(b => b.Id == id);

        public IReadOnlyList<Bypass> BypassesFor(ItemKey item, string infrastructure) => Open().Bypasses
            .Where(b => b.Item == item && string.Equals(b.Infrastructure, infrastructure, StringComparison.OrdinalIgnoreCase))
            .ToList();

        public void SaveBypass(Bypass bypass)
        {
            _changedItems.Add(bypass.Item);
            var index = Open().Bypasses.FindIndex(b => b.Id == bypass.Id);
            if (index < 0)
            {
                state.Bypasses.Add(bypass);
            }
            else
            {
                state.Bypasses[index] = bypass;
            }
        }

        public DeployConfirmation? LatestConfirmation(ItemKey item, string infrastructure) => Open().Confirmations
            .Where(c => c.Item == item && string.Equals(c.Infrastructure, infrastructure, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.At)
            .LastOrDefault();

        public void SaveConfirmation(DeployConfirmation confirmation)
        {
            Open().Confirmations.Add(confirmation);
            _changedItems.Add(confirmation.Item);
        }

        public void EnqueueNotices(IReadOnlyList<Notice> notices, DateTimeOffset now) => Open().Notices.AddRange(notices);

        public void ReplaceReminderTargets(string scope, IReadOnlyList<PlannedReminder> reminders) => Open().ReminderTargets[scope] = [.. reminders.Select(r => r.Target)];

        // The workflow tests read targets only; sending reminders is the host's (tested against the real store).
        public StoredReminder? FindReminder(string id) => null;

        public IReadOnlyList<StoredReminder> AllReminders() => [];

        public void SaveReminder(StoredReminder reminder) => throw new NotSupportedException("Reminders are sent by the host, tested against the real store.");

        public void UpdateOutbox(IReadOnlyCollection<OutboxMessage> messages) =>
            throw new NotSupportedException("The outbox is sent by the host, tested against the real store.");

        public IRecordWriter<T> Records<T>(string set) where T : class =>
            throw new NotSupportedException("Platform records belong to the host's adapters, tested against the real store.");

        private State Open() => _closed
            ? throw new InvalidOperationException("This store session has ended; use it only inside Transact.")
            : state;
    }
}
