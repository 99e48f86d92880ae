namespace SignOffBot.Core.Audit;

/// <summary>One link of the append-only audit chain (SPEC section 6).</summary>
public sealed record AuditEvent(
    long Seq,
    DateTimeOffset At,
    string Actor,
    string Platform,
    string Action,
    string? Item,
    string? Slot,
    string? Answer,
    string? Comment,
    string Source,
    string? DeliveryId,
    string PrevHash,
    string Hash);
