namespace SignOffBot.Host.Teams.Conversations;

/// <summary>One posted copy of an item's card, so every copy can be redrawn after an answer.</summary>
public sealed class TeamsCardCopyDocument
{
    public LiteDB.ObjectId? Id { get; set; }

    /// <summary>The item key; indexed.</summary>
    public string Item { get; set; } = "";

    public string ServiceUrl { get; set; } = "";

    public string ConversationId { get; set; } = "";

    public string ActivityId { get; set; } = "";

    /// <summary>The person the copy was drawn for (a 1:1 chat), or null for a shared copy in a channel or group chat.</summary>
    public string? Viewer { get; set; }
}
