namespace SignOffBot.Host.Storage.Copy;

/// <summary>What a copy wrote: rows of each kind (the outbox's notices and deliveries by status, the records by set), and the audit chain's head.</summary>
public sealed record CopyReport(
    long Items,
    long AuditEvents,
    string? AuditHead,
    long DeliveryIds,
    long Bypasses,
    long Confirmations,
    IReadOnlyDictionary<string, long> Notices,
    IReadOnlyDictionary<string, long> Deliveries,
    long Reminders,
    IReadOnlyDictionary<string, long> Records);
