namespace SignOffBot.Host.Storage.Documents;

/// <summary>The remembered result of one platform delivery id.</summary>
public sealed class DeliveryDocument
{
    public string Id { get; set; } = "";

    public DateTime At { get; set; }

    public string OutcomeKind { get; set; } = "";

    public string? Rule { get; set; }

    public string? RefusalKind { get; set; }

    public string Message { get; set; } = "";

    public List<EventDocument> Events { get; set; } = [];
}

public sealed class EventDocument
{
    public string Action { get; set; } = "";

    public string? Item { get; set; }

    public string? Slot { get; set; }

    public string? Answer { get; set; }

    public string? Comment { get; set; }

    public string? Reference { get; set; }
}
