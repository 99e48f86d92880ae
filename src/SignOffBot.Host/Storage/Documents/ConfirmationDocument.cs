namespace SignOffBot.Host.Storage.Documents;

public sealed class ConfirmationDocument
{
    public LiteDB.ObjectId? Id { get; set; }

    /// <summary>Item key and infrastructure, joined by a space; indexed.</summary>
    public string Target { get; set; } = "";

    public string Item { get; set; } = "";

    public string Infrastructure { get; set; } = "";

    public string By { get; set; } = "";

    public string Reason { get; set; } = "";

    public DateTime At { get; set; }
}
