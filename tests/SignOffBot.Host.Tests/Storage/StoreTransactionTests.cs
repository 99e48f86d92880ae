using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Tests.Storage;

/// <summary><see cref="ISignOffStore.Transact{T}"/> commits all of a work item or none of it.</summary>
public sealed class StoreTransactionTests
{
    private const string Churn7 = "fraud-detection/churn-xgb@7";

    [Fact]
    public void WorkThatThrows_LeavesNothingWritten()
    {
        using var bench = new StoreFixture();
        var key = StoreFixture.Key(Churn7);
        var (_, item) = Item.Register(bench.Governance, "ana@example.com", key, ItemKind.Model, RiskLevel.Low, Evidence.None, StoreFixture.Start);

        var thrown = Assert.Throws<InvalidOperationException>(() => bench.Storage.UnitOfWork.Transact<int>(session =>
        {
            session.InsertItem(item!);
            var draft = new AuditEvent(0, StoreFixture.Start, "ana@example.com", "slack", AuditActions.ItemRegistered, Churn7, null, null, null, "slack", "d-1", "", "");
            session.AppendAuditEvent(AuditChain.Link(session.LastAuditEvent(), draft));
            session.SaveDelivery(new DeliveryRecord("d-1", StoreFixture.Start, "applied", null, null, "Done.", []));
            session.SaveBypass(new Bypass("b1", key, "prod-api", "INC-1", 2, "ana@example.com", StoreFixture.Start, BypassStatus.Pending, null, null, null, null));
            session.SaveConfirmation(new DeployConfirmation(key, "staging-api", "ana@example.com", "test", StoreFixture.Start));
            Assert.NotNull(session.FindItem(key));
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("boom", thrown.Message);
        AssertNothingFor(bench, key);
        bench.Reopen();
        AssertNothingFor(bench, key);
    }

    [Fact]
    public void ActionThatThrowsAfterWriting_RollsBack_AndItsDeliveryIdIsNotRemembered()
    {
        using var bench = new StoreFixture();
        var key = StoreFixture.Key(Churn7);
        bench.Register(Churn7, "ana@example.com");
        bench.SignOffs.RequestFeedback(key, [], StoreFixture.As("ana@example.com"));
        var audit = bench.Audit().Select(StoreFixture.Snapshot).ToList();

        Assert.Throws<InvalidOperationException>(() => bench.Runner.Run<Item>(
            StoreFixture.As("ops@example.com", "slack:crash"),
            (session, now) =>
            {
                var item = session.FindItem(key)!;
                var change = item.SubmitFeedback(bench.Governance, "ops@example.com", "IT & Operations", FeedbackAnswerKind.Approve, null, now);
                session.UpdateItem(change.Value!);
                session.AppendAuditEvent(AuditChain.Link(session.LastAuditEvent(), new AuditEvent(0, now, "ops@example.com", "slack", "feedback", Churn7, "IT & Operations", "approve", null, "slack", "slack:crash", "", "")));
                throw new InvalidOperationException("the process died half-way");
            },
            session => session.FindItem(key)));

        Assert.Empty(bench.Store.FindItem(key)!.SignOff.FindSlot("IT & Operations")!.Answers);
        Assert.Equal(audit, bench.Audit().Select(StoreFixture.Snapshot).ToList());
        Assert.Null(bench.Storage.UnitOfWork.Transact(s => s.FindDelivery("slack:crash")));

        // The platform's retry of the same delivery is then handled normally, and the chain goes on unbroken.
        var retry = bench.SignOffs.SubmitFeedback(key, "IT & Operations", FeedbackAnswerKind.Approve, null, StoreFixture.As("ops@example.com", "slack:crash"));
        Assert.True(retry.Outcome.IsApplied, retry.Outcome.Message);
        Assert.False(retry.Repeated);
        Assert.Equal(audit.Count + 1, bench.Audit().Count);
        Assert.True(bench.Verify().Ok);
    }

    [Fact]
    public async Task AfterARollback_TheStoreStillTakesWritesFromOtherThreads()
    {
        using var bench = new StoreFixture();
        Assert.Throws<InvalidOperationException>(() => bench.Storage.UnitOfWork.Transact<int>(_ => throw new InvalidOperationException("first")));

        var registering = Task.Run(() => bench.Register(Churn7, "ana@example.com"));
        var finished = await Task.WhenAny(registering, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.True(finished == registering, "the write lock was released by the failed transaction");
        await registering;
        Assert.NotNull(bench.Store.FindItem(StoreFixture.Key(Churn7)));
        Assert.Equal(1, bench.Verify().Events);
    }

    private static void AssertNothingFor(StoreFixture bench, ItemKey key)
    {
        Assert.Null(bench.Store.FindItem(key));
        Assert.Empty(bench.Store.OpenItems());
        Assert.Empty(bench.Audit());
        Assert.Null(bench.Storage.UnitOfWork.Transact(s => s.FindDelivery("d-1")));
        Assert.Null(bench.Storage.UnitOfWork.Transact(s => s.FindBypass("b1")));
        Assert.Empty(bench.Storage.UnitOfWork.Transact(s => s.BypassesFor(key, "prod-api")));
        Assert.Null(bench.Storage.UnitOfWork.Transact(s => s.LatestConfirmation(key, "staging-api")));
    }
}
