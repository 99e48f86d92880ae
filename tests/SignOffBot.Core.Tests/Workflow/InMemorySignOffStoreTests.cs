using SignOffBot.Core.Audit;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Tests.Builders;
using SignOffBot.Core.Tests.Fakes;

namespace SignOffBot.Core.Tests.Workflow;

/// <summary>The test store keeps the promises of the port, so the workflow tests can rely on it.</summary>
public sealed class InMemorySignOffStoreTests
{
    [Fact]
    public void Transact_WhenWorkReturns_CommitsEverything()
    {
        var store = new InMemorySignOffStore();
        var item = TestItems.Registered();

        store.Transact(session =>
        {
            session.InsertItem(item);
            session.AppendAuditEvent(AuditChain.Link(null, Draft()));
            session.SaveDelivery(DeliveryRecord.Of("d-1", Outcome.Same("x"), TestItems.T0));
            return 0;
        });

        Assert.Same(item, store.FindItem(item.Key));
        Assert.Single(store.Trail());
        Assert.Single(store.Of(item.Key));
        Assert.True(store.Deliveries.ContainsKey("d-1"));
        Assert.Single(store.OpenItems());
    }

    [Fact]
    public void Transact_WhenWorkThrows_LeavesNothingBehind()
    {
        var store = new InMemorySignOffStore();
        var item = TestItems.Registered();

        Assert.Throws<InvalidOperationException>(() => store.Transact<int>(session =>
        {
            session.InsertItem(item);
            session.AppendAuditEvent(AuditChain.Link(null, Draft()));
            session.SaveDelivery(DeliveryRecord.Of("d-1", Outcome.Same("x"), TestItems.T0));
            throw new InvalidOperationException("boom");
        }));

        Assert.Null(store.FindItem(item.Key));
        Assert.Empty(store.Trail());
        Assert.Empty(store.Deliveries);
        Assert.Empty(store.OpenItems());
    }

    [Fact]
    public void InsertItem_WhenKeyExists_Throws()
    {
        var store = new InMemorySignOffStore();
        var item = TestItems.Registered();
        store.Transact(session => { session.InsertItem(item); return 0; });

        Assert.Throws<InvalidOperationException>(() => store.Transact(session => { session.InsertItem(item); return 0; }));
    }

    [Fact]
    public void AppendAuditEvent_WhenSequenceSkips_Throws()
    {
        var store = new InMemorySignOffStore();

        Assert.Throws<InvalidOperationException>(() => store.Transact(session =>
        {
            session.AppendAuditEvent(AuditChain.Link(null, Draft()) with { Seq = 2 });
            return 0;
        }));
    }

    [Fact]
    public void Session_WhenUsedAfterTheTransaction_Throws()
    {
        var store = new InMemorySignOffStore();
        var leaked = store.Transact(session => session);

        Assert.Throws<InvalidOperationException>(() => leaked.FindItem(TestItems.Key));
    }

    private static AuditEvent Draft() => new(0, TestItems.T0, "dev@example.com", "http", "item-registered", TestItems.Key.ToString(),
        null, null, null, "http", null, string.Empty, string.Empty);
}
