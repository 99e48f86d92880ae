using SignOffBot.Core.Audit;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.Tests.Persistence;

/// <summary>A transaction commits everything or nothing.</summary>
public sealed class LiteDbRollbackTests
{
    [Fact]
    public void Transact_WhenTheWorkThrowsAfterInserting_LeavesNoItemAndNoAuditEvent()
    {
        var path = StoreHarness.NewDatabasePath();
        var time = StoreHarness.NewTime();
        using (var harness = new StoreHarness(path, time))
        {
            var (outcome, item) = Item.Register(StoreHarness.Sample, "ana@example.com", StoreHarness.Churn7, ItemKind.Model, RiskLevel.Low, Evidence.None, Time.Truncate(time.GetUtcNow()));
            Assert.True(outcome.IsApplied);

            var thrown = Assert.Throws<InvalidOperationException>(() => harness.Store.Transact<int>(s =>
            {
                s.InsertItem(item!);
                var draft = new AuditEvent(0, item!.RegisteredAt, "ana@example.com", "test", AuditActions.ItemRegistered, item.Key.ToString(), null, null, null, "test", null, "", "");
                s.AppendAuditEvent(AuditChain.Link(s.LastAuditEvent(), draft));
                Assert.NotNull(s.FindItem(StoreHarness.Churn7));
                throw new InvalidOperationException("boom");
            }));
            Assert.Equal("boom", thrown.Message);

            Assert.Null(harness.Store.FindItem(StoreHarness.Churn7));
            Assert.Empty(harness.Storage.Audit.Trail());
            Assert.Empty(harness.Store.OpenItems());

            // The store still works, and the chain starts at 1.
            harness.Register(StoreHarness.Churn7);
            Assert.Equal(1, Assert.Single(harness.Storage.Audit.Trail()).Seq);
        }

        using var reopened = new StoreHarness(path, time);
        var only = Assert.Single(reopened.Storage.Audit.Trail());
        Assert.Equal(AuditChain.GenesisHash, only.PrevHash);
        Assert.True(AuditChain.Verify(reopened.Storage.Audit.Trail()).Ok);
    }

    [Fact]
    public void Transact_WhenTheWorkThrows_NothingOfItIsInTheFileAfterReopening()
    {
        var path = StoreHarness.NewDatabasePath();
        var time = StoreHarness.NewTime();
        using (var harness = new StoreHarness(path, time))
        {
            var (_, item) = Item.Register(StoreHarness.Sample, "ana@example.com", StoreHarness.Churn7, ItemKind.Model, RiskLevel.Low, Evidence.None, Time.Truncate(time.GetUtcNow()));
            Assert.Throws<InvalidOperationException>(() => harness.Store.Transact<int>(s =>
            {
                s.InsertItem(item!);
                throw new InvalidOperationException("boom");
            }));
        }

        using var reopened = new StoreHarness(path, time);
        Assert.Null(reopened.Store.FindItem(StoreHarness.Churn7));
        Assert.Empty(reopened.Storage.Audit.Trail());
    }
}
