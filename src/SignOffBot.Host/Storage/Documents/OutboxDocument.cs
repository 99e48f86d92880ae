namespace SignOffBot.Host.Storage.Documents;

/// <summary>An outbound chat message waiting to be sent, or given up on (a dead letter).</summary>
public sealed class OutboxDocument
{
    public LiteDB.ObjectId? Id { get; set; }

    /// <summary><c>waiting</c> or <c>dead</c>; indexed for the health counts.</summary>
    public string Status { get; set; } = "";
}
