namespace SignOffBot.Core.Notifications;

/// <summary>One waiting notice and the platform targets the dispatcher planned for it.</summary>
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
        NoticeId = Notice.Id,
        TraceParent = Notice.TraceParent,
    })];
}
