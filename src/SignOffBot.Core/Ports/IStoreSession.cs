using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Reminders;

namespace SignOffBot.Core.Ports;

/// <summary>Reads and writes inside one store transaction; everything written commits together or not at all.</summary>
public interface IStoreSession
{
    Item? FindItem(ItemKey key);

    void InsertItem(Item item);

    void UpdateItem(Item item);

    DeliveryRecord? FindDelivery(string deliveryId);

    void SaveDelivery(DeliveryRecord record);

    AuditEvent? LastAuditEvent();

    void AppendAuditEvent(AuditEvent auditEvent);

    Bypass? FindBypass(string id);

    IReadOnlyList<Bypass> BypassesFor(ItemKey item, string infrastructure);

    void SaveBypass(Bypass bypass);

    DeployConfirmation? LatestConfirmation(ItemKey item, string infrastructure);

    void SaveConfirmation(DeployConfirmation confirmation);

    /// <summary>Queues outbound notices in this transaction, so they are sent if and only if the change commits.</summary>
    void EnqueueNotices(IReadOnlyList<Notice> notices, DateTimeOffset now);

    /// <summary>Stores the new states of outbox messages in this transaction.</summary>
    void UpdateOutbox(IReadOnlyCollection<OutboxMessage> messages);

    /// <summary>An adapter's own set of records (see <see cref="IPlatformRecords"/>), written in this transaction.</summary>
    IRecordWriter<T> Records<T>(string set) where T : class;

    /// <summary>
    /// Replaces who is to be chased for a scope (an item key, or <c>bypass:&lt;id&gt;</c>): targets that stay keep
    /// their count of reminders sent, new ones start from nothing, the others are dropped.
    /// </summary>
    void ReplaceReminderTargets(string scope, IReadOnlyList<PlannedReminder> reminders);

    StoredReminder? FindReminder(string id);

    IReadOnlyList<StoredReminder> AllReminders();

    /// <summary>Stores a target's count of reminders sent and its next due time (a target no longer stored is left alone).</summary>
    void SaveReminder(StoredReminder reminder);
}
