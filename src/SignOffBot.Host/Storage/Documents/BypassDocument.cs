namespace SignOffBot.Host.Storage.Documents;

public sealed class BypassDocument
{
    public string Id { get; set; } = "";

    /// <summary>Item key and infrastructure, joined by a space; indexed.</summary>
    public string Target { get; set; } = "";

    public string Item { get; set; } = "";

    public string Infrastructure { get; set; } = "";

    public string Incident { get; set; } = "";

    public int Hours { get; set; }

    public string RequestedBy { get; set; } = "";

    public DateTime RequestedAt { get; set; }

    public string Status { get; set; } = "";

    public string? DecidedBy { get; set; }

    public DateTime? DecidedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public string? ReviewOwner { get; set; }

    public DateTime? ReviewDueAt { get; set; }

    public string? ReviewLink { get; set; }

    public string? ReviewClosedBy { get; set; }

    public DateTime? ReviewClosedAt { get; set; }
}
