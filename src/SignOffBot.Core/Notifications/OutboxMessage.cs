namespace SignOffBot.Core.Notifications;

/// <summary>
/// The outbox holds two kinds of record. A notice is planned into deliveries: one per platform and target (a person's
/// private conversation, a release channel, one stored card copy), each with its own status, attempts, next attempt
/// time and last error, so no person, copy or platform holds back another. Where the store can, the deliveries are
/// written in the transaction of the change that caused the notice; otherwise the notice itself (<see cref="Platform"/>
/// null) is written there, and the dispatcher plans it into deliveries in one write later.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>See <see cref="OutboxStatus"/>: a notice is waiting, then planned; a delivery waiting, unreachable, sent or dead.</summary>
    public string Status { get; set; } = "";

    /// <summary>The notice as JSON (see <c>NoticeJson</c>).</summary>
    public string Notice { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>When the dispatcher may try again.</summary>
    public DateTime NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>Platforms that took a notice before deliveries existed (records of an older version); not planned again.</summary>
    public List<string> DonePlatforms { get; set; } = [];

    public string? LastError { get; set; }

    /// <summary>A delivery's platform; null for a notice.</summary>
    public string? Platform { get; set; }

    /// <summary>A delivery's target on its platform (<c>DeliveryTarget</c>).</summary>
    public string? Target { get; set; }

    /// <summary>Platform and target: deliveries of one lane go out one at a time, in order.</summary>
    public string? Lane { get; set; }

    /// <summary>The notice's kind (<c>review-request</c>, <c>card-refresh</c>, …) and item, for dead-letter listings.</summary>
    public string? Kind { get; set; }

    public string? Item { get; set; }

    /// <summary>The notice record a delivery was planned from.</summary>
    public long? NoticeId { get; set; }

    /// <summary>
    /// The W3C trace context (<c>traceparent</c>) of the change that queued the notice, copied to its deliveries, so
    /// their sends join that change's trace; null when nothing was traced.
    /// </summary>
    public string? TraceParent { get; set; }

    public static string LaneOf(string platform, string target) => $"{platform} {target}";
}
