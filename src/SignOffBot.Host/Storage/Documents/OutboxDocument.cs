namespace SignOffBot.Host.Storage.Documents;

/// <summary>
/// An outbound notice, written in the transaction of the change that caused it and sent afterwards by the
/// outbox dispatcher to every chat platform that is on. <see cref="Status"/> is waiting, sent or dead.
/// </summary>
public sealed class OutboxDocument
{
    public long Id { get; set; }

    public string Status { get; set; } = "";

    /// <summary>The notice as JSON (see <c>NoticeJson</c>).</summary>
    public string Notice { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>When the dispatcher may try again; indexed with <see cref="Status"/> for the due scan.</summary>
    public DateTime NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>Platforms that already took the notice, so a retry sends only to the others.</summary>
    public List<string> DonePlatforms { get; set; } = [];

    public string? LastError { get; set; }

    /// <summary>
    /// The item whose cards this notice redraws, for card refreshes only (null for every other notice, and for card
    /// refreshes queued before this field existed). Indexed: coalescing reads only that item's refreshes.
    /// </summary>
    public string? Refreshes { get; set; }
}
