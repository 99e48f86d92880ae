namespace SignOffBot.Core.Notifications;

/// <summary>
/// One notice and the platform targets planned for it: a waiting notice record the dispatcher planned, or a notice
/// planned in the write that queued it (its record never stored: <see cref="OutboxMessage.Id"/> 0).
/// </summary>
public sealed record NoticePlan(OutboxMessage Notice, string Kind, string? Item, IReadOnlyList<(string Platform, string Target)> Targets)
{
    /// <summary>The notice's deliveries, one per target, waiting and due at <paramref name="now"/>; every store writes these.</summary>
    public List<OutboxMessage> Deliveries(DateTime now) => [.. Targets.Select(t => new OutboxMessage
    {
        Status = OutboxStatus.Waiting,
        Notice = Notice.Notice,
        CreatedAt = Notice.CreatedAt,
        NextAttemptAt = now,
        Platform = t.Platform,
        Target = t.Target,
        Lane = OutboxMessage.LaneOf(t.Platform, t.Target),
        Kind = Kind,
        Item = Item,
        NoticeId = Notice.Id > 0 ? Notice.Id : null,
        TraceParent = Notice.TraceParent,
    })];
}
