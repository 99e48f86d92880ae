using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.Tests.Storage;

/// <summary><c>AuditTrail()</c> reads the trail in pages of 500; every event comes back once, in order.</summary>
public sealed class AuditTrailPagingTests
{
    private const string Churn7 = "fraud-detection/churn-xgb@7";

    [Fact]
    public void TwelveHundredDeployChecks_ComeBackInOrder_AllOfThem()
    {
        using var bench = new StoreFixture();
        bench.Register(Churn7, "ana@example.com");
        for (var i = 0; i < 1200; i++)
        {
            var check = bench.Deploys.Check(StoreFixture.Key(Churn7), i % 2 == 0 ? "sandbox" : "prod-api", StoreFixture.As("api-key:ci", $"run-{i}"));
            Assert.True(check.Outcome.IsApplied);
        }

        bench.Reopen();
        var trail = bench.Storage.Audit.Trail().ToList();

        Assert.Equal(1201, trail.Count);
        Assert.Equal(Enumerable.Range(1, 1201).Select(i => (long)i), trail.Select(e => e.Seq));
        Assert.Equal(Enumerable.Range(0, 1200).Select(i => $"run-{i}"), trail.Skip(1).Select(e => e.DeliveryId));
        Assert.All(trail.Skip(1), e => Assert.Equal(AuditActions.DeployCheck, e.Action));
        Assert.Equal(DeployDecision.Allowed.ToString().ToLowerInvariant(), trail[1].Answer);
        Assert.Equal("blocked", trail[2].Answer);
        Assert.Equal(new AuditVerification(true, 1201, null), AuditChain.Verify(bench.Storage.Audit.Trail()));
        Assert.Equal(1201, bench.Storage.Audit.Of(StoreFixture.Key(Churn7)).Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(499)]
    [InlineData(500)]
    [InlineData(501)]
    [InlineData(1000)]
    [InlineData(1001)]
    public void PageBoundaries_EveryEventOnce(int count)
    {
        using var bench = new StoreFixture();
        // Appended in batches within one transaction each, as an action with several events does.
        for (var written = 0; written < count;)
        {
            var batch = Math.Min(137, count - written);
            bench.Storage.UnitOfWork.Transact(session =>
            {
                for (var i = 0; i < batch; i++)
                {
                    var draft = new AuditEvent(0, StoreFixture.Start, "api-key:ci", "http:ci", AuditActions.DeployCheck, Churn7, "sandbox", "allowed", $"#{written + i}", "http", null, "", "");
                    session.AppendAuditEvent(AuditChain.Link(session.LastAuditEvent(), draft));
                }

                return 0;
            });
            written += batch;
        }

        var trail = bench.Storage.Audit.Trail().ToList();

        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), trail.Select(e => e.Seq));
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"#{i}"), trail.Select(e => e.Comment));
        Assert.True(AuditChain.Verify(trail).Ok);
    }

    [Fact]
    public void AuditTrail_CanBeCutShort_AndIsEmptyOnANewStore()
    {
        using var empty = new StoreFixture();
        Assert.Empty(empty.Storage.Audit.Trail());
        using var bench = new StoreFixture();
        bench.Register(Churn7, "ana@example.com");
        for (var i = 0; i < 3; i++)
        {
            bench.Deploys.Check(StoreFixture.Key(Churn7), "sandbox", StoreFixture.As("api-key:ci"));
        }

        Assert.Equal([1L, 2L], bench.Storage.Audit.Trail().Take(2).Select(e => e.Seq));
    }
}
