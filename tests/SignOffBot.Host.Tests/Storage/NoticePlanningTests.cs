using SignOffBot.Core.Notifications;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>
/// With a planner (the dispatcher sets it at start), the notices a unit of work queues become their deliveries in that
/// same write; older notices still waiting keep new ones waiting behind them, so each lane keeps its order.
/// </summary>
public sealed class NoticePlanningTests
{
    private static readonly (string Platform, string Target)[] ReleaseChannels = [("slack", "channel:C0RELEASE"), ("teams", "channel:19:release@thread.tacv2")];

    [Fact]
    public void ANoticeQueuedWithAPlanner_IsStoredAsItsDeliveries_InTheWriteThatQueuedIt()
    {
        using var bench = new StoreFixture();
        bench.Storage.UnitOfWork.PlanNoticesWith(_ => ReleaseChannels);

        Enqueue(bench, new CardRefreshNotice("a/one@1"));

        var stored = bench.Storage.ReadAll<OutboxMessage>(LiteDbSetup.Outbox);
        Assert.Equal(ReleaseChannels, stored.Select(d => (d.Platform!, d.Target!)));
        Assert.All(stored, d => Assert.Equal((OutboxStatus.Waiting, "card-refresh", "a/one@1", (long?)null), (d.Status, d.Kind, d.Item, d.NoticeId)));
        Assert.Empty(bench.Storage.Outbox.UnplannedNotices(10));
        Assert.Equal(stored.Select(d => d.Id), bench.Storage.Outbox.Due(StoreFixture.Start.UtcDateTime, 10).Select(d => d.Id));
    }

    [Fact]
    public void WhileAnOlderNoticeWaits_NewOnesWaitBehindIt_ForTheDispatcherToPlanInOrder()
    {
        using var bench = new StoreFixture();
        Enqueue(bench, new CardRefreshNotice("a/older@1"));
        bench.Storage.UnitOfWork.PlanNoticesWith(_ => ReleaseChannels);

        Enqueue(bench, new CardRefreshNotice("a/newer@1"));

        var waiting = bench.Storage.Outbox.UnplannedNotices(10);
        Assert.Equal(2, waiting.Count);
        Assert.Contains("a/older@1", waiting[0].Notice);
        Assert.Contains("a/newer@1", waiting[1].Notice);
        Assert.DoesNotContain(bench.Storage.ReadAll<OutboxMessage>(LiteDbSetup.Outbox), d => d.Platform is not null);

        bench.Storage.Outbox.PlanDeliveries([.. waiting.Select(n => new NoticePlan(n, "card-refresh", null, ReleaseChannels))], StoreFixture.Start.UtcDateTime);
        Enqueue(bench, new CardRefreshNotice("a/newest@1"));

        Assert.Empty(bench.Storage.Outbox.UnplannedNotices(10));
        var slackLane = bench.Storage.Outbox.Due(StoreFixture.Start.UtcDateTime, 10).Where(d => d.Platform == "slack").ToList();
        Assert.Equal(["a/older@1", "a/newer@1", "a/newest@1"], slackLane.Select(d => ((CardRefreshNotice)NoticeJson.Read(d.Notice)).Item));
    }

    [Fact]
    public void ANoticeThePlannerFailsOn_IsStoredWaiting_AndSoAreTheUnitsNextOnes()
    {
        using var bench = new StoreFixture();
        bench.Storage.UnitOfWork.PlanNoticesWith(n => n is CardRefreshNotice { Item: "a/broken@1" } ? throw new InvalidOperationException("no targets") : ReleaseChannels);

        Enqueue(bench, new CardRefreshNotice("a/broken@1"), new CardRefreshNotice("a/fine@1"));

        Assert.Equal(2, bench.Storage.Outbox.UnplannedNotices(10).Count);
        Assert.DoesNotContain(bench.Storage.ReadAll<OutboxMessage>(LiteDbSetup.Outbox), d => d.Platform is not null);
    }

    private static void Enqueue(StoreFixture bench, params Notice[] notices) =>
        bench.Storage.UnitOfWork.Write(session =>
        {
            session.EnqueueNotices(notices, StoreFixture.Start);
            return notices.Length;
        });
}
