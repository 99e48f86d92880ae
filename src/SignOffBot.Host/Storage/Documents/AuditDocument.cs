namespace SignOffBot.Host.Storage.Documents;

/// <summary>An audit event as stored; <see cref="Id"/> is its sequence number.</summary>
public sealed class AuditDocument
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public string Actor { get; set; } = "";

    public string Platform { get; set; } = "";

    public string Action { get; set; } = "";

    public string? Item { get; set; }

    public string? Slot { get; set; }

    public string? Answer { get; set; }

    public string? Comment { get; set; }

    public string Source { get; set; } = "";

    public string? DeliveryId { get; set; }

    public string PrevHash { get; set; } = "";

    public string Hash { get; set; } = "";
}
