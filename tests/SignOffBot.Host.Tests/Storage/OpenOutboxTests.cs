using SignOffBot.Core.Notifications;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>
/// The outbox reads the dispatcher makes every round come from the writer's view of the open messages
/// (<see cref="OpenOutbox"/>): it must show exactly what is committed, and a reopened store must find the same in the file.
/// </summary>
public sealed class OpenOutboxTests
{
    [Fact]
    public void ANoticeOfARolledBackUnit_IsNeverSeen_OneCommittedIs_AtOnce()
    {
        using var bench = new StoreFixture();
        Assert.Empty(bench.Storage.Outbox.UnplannedNotices(10));

        Assert.Throws<InvalidOperationException>(() => bench.Storage.UnitOfWork.Write<int>(session =>
        {
            session.EnqueueNotices([new CardRefreshNotice("a/rolled-back@1")], StoreFixture.Start);
            throw new InvalidOperationException("the action broke after queueing its notice");
        }));

        Assert.Empty(bench.Storage.Outbox.UnplannedNotices(10));
        Assert.Equal(0, bench.Storage.Outbox.Counts().Waiting);

        Enqueue(bench, new CardRefreshNotice("a/kept@1"));

        var notice = Assert.Single(bench.Storage.Outbox.UnplannedNotices(10));
        Assert.Contains("a/kept@1", notice.Notice);
        Assert.Equal(1, bench.Storage.Outbox.Counts().Waiting);
    }

    [Fact]
    public void DeliveriesMovedThroughTheirStates_ReadTheSame_AfterTheStoreIsReopened()
    {
        using var bench = new StoreFixture();
        var now = StoreFixture.Start.UtcDateTime;
        Enqueue(bench, new CardRefreshNotice("a/one@1"), new CardRefreshNotice("a/two@1"), new CardRefreshNotice("a/three@1"));
        var notices = bench.Storage.Outbox.UnplannedNotices(2);
        var deliveries = bench.Storage.Outbox.PlanDeliveries(
            [.. notices.Select(n => new NoticePlan(n, "card-refresh", null, [("slack", "C0RELEASE"), ("teams", "channel:19:release@thread.tacv2")]))],
            now).SelectMany(d => d).OrderBy(d => d.Id).ToList();
        Assert.Equal(4, deliveries.Count);
        deliveries[0].Status = OutboxStatus.Sent;
        deliveries[1].Status = OutboxStatus.Dead;
        deliveries[2].NextAttemptAt = now.AddMinutes(5);
        bench.Storage.Outbox.Save([deliveries[0], deliveries[1], deliveries[2]]);

        // In id order: the first notice's Slack and Teams deliveries, then the second's; the third notice is not planned.
        var third = bench.Storage.ReadAll<OutboxMessage>(LiteDbSetup.Outbox).Single(m => m.Notice.Contains("a/three@1"));
        var before = Reads(bench, now);
        Assert.Equal([deliveries[3].Id], before.Due);
        Assert.Equal([third.Id], before.Unplanned);
        Assert.Equal(now, before.Next);
        Assert.Equal((3, 0, 1), (before.Counts.Waiting, before.Counts.Unreachable, before.Counts.Dead));
        Assert.Equal(deliveries[2].Id, bench.Storage.Outbox.OlderOpen(deliveries[2].Lane!, deliveries[2].Id + 1000)?.Id);
        Assert.Null(bench.Storage.Outbox.OlderOpen(deliveries[2].Lane!, deliveries[2].Id));
        Assert.Null(bench.Storage.Outbox.OlderOpen(deliveries[3].Lane!, deliveries[3].Id));

        bench.Reopen();

        Assert.Equal(Snapshot(before), Snapshot(Reads(bench, now)));
    }

    [Fact]
    public void TheOutbox_IsNotWritableAsARawCollection()
    {
        using var bench = new StoreFixture();

        var refused = Assert.Throws<InvalidOperationException>(() =>
            bench.Storage.UnitOfWork.Write(session => session.Collection<OutboxMessage>(LiteDbSetup.Outbox).Insert(new OutboxMessage { Status = OutboxStatus.Waiting })));

        Assert.Contains("InsertOutbox", refused.Message);
        Assert.Empty(bench.Storage.ReadAll<OutboxMessage>(LiteDbSetup.Outbox));
    }

    private static void Enqueue(StoreFixture bench, params Notice[] notices) =>
        bench.Storage.UnitOfWork.Write(session =>
        {
            session.EnqueueNotices(notices, StoreFixture.Start);
            return notices.Length;
        });

    private static (List<long> Due, List<long> Unplanned, DateTime? Next, OutboxCounts Counts) Reads(StoreFixture bench, DateTime now) => (
        [.. bench.Storage.Outbox.Due(now, 10).Select(d => d.Id)],
        [.. bench.Storage.Outbox.UnplannedNotices(10).Select(d => d.Id)],
        bench.Storage.Outbox.NextOpenAttempt(),
        bench.Storage.Outbox.Counts());

    private static string Snapshot((List<long> Due, List<long> Unplanned, DateTime? Next, OutboxCounts Counts) reads) =>
        StoreFixture.Snapshot(new { reads.Due, reads.Unplanned, reads.Next, reads.Counts });
}
