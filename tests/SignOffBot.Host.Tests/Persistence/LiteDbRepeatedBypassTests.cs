using SignOffBot.Core.Audit;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.DeployChecks;

namespace SignOffBot.Host.Tests.Persistence;

/// <summary>A chat platform retrying a bypass request (same delivery id) must change nothing and still get a usable answer.</summary>
public sealed class LiteDbRepeatedBypassTests
{
    private const string DeliveryId = "slack:trigger-bypass-1";

    [Fact]
    public void RequestBypass_WhenTheDeliveryIsRepeated_RecordsOneBypassAndOneAuditEvent()
    {
        var path = StoreHarness.NewDatabasePath();
        var time = StoreHarness.NewTime();
        using (var harness = new StoreHarness(path, time))
        {
            harness.Register(StoreHarness.Churn7);
            var first = harness.Deploys.RequestBypass(StoreHarness.Churn7, "prod-api", "INC-9", 2, StoreHarness.As("ana@example.com", DeliveryId));
            Assert.True(first.Outcome.IsApplied, first.Outcome.Message);
            var second = harness.Deploys.RequestBypass(StoreHarness.Churn7, "prod-api", "INC-9", 2, StoreHarness.As("ana@example.com", DeliveryId));
            Assert.True(second.Repeated);
            Assert.True(second.Outcome.IsApplied);
        }

        using var reopened = new StoreHarness(path, time);
        var third = reopened.Deploys.RequestBypass(StoreHarness.Churn7, "prod-api", "INC-9", 2, StoreHarness.As("ana@example.com", DeliveryId));
        Assert.True(third.Repeated);
        var bypass = Assert.Single(reopened.Store.Transact(s => s.BypassesFor(StoreHarness.Churn7, "prod-api")));
        Assert.Equal(BypassStatus.Pending, bypass.Status);
        Assert.Equal(2, reopened.Storage.Audit.Trail().Count());
        Assert.True(AuditChain.Verify(reopened.Storage.Audit.Trail()).Ok);
    }

    [Fact]
    public void RequestBypass_WhenTheDeliveryIsRepeated_ReturnsTheEarlierBypass()
    {
        var path = StoreHarness.NewDatabasePath();
        using var harness = new StoreHarness(path, StoreHarness.NewTime());
        harness.Register(StoreHarness.Churn7);
        var first = harness.Deploys.RequestBypass(StoreHarness.Churn7, "prod-api", "INC-9", 2, StoreHarness.As("ana@example.com", DeliveryId));

        var second = harness.Deploys.RequestBypass(StoreHarness.Churn7, "prod-api", "INC-9", 2, StoreHarness.As("ana@example.com", DeliveryId));

        Assert.True(second.Repeated);
        Assert.NotNull(second.Value);
        Assert.Equal(first.Value!.Id, second.Value.Id);
    }

    [Fact]
    public void ChatBypass_WhenThePlatformRetriesTheSameDelivery_AnswersAgainWithoutThrowing()
    {
        var path = StoreHarness.NewDatabasePath();
        using var harness = new StoreHarness(path, StoreHarness.NewTime());
        harness.Register(StoreHarness.Churn7);
        var chat = new ChatCommandHandler(StoreHarness.Sample, harness.SignOffs, harness.Deploys, harness.Store, harness.Storage.Audit);
        var command = new BypassCommand(StoreHarness.Churn7, "prod-api", "INC-9", 2);
        var context = StoreHarness.As("ana@example.com", DeliveryId) with { Platform = "slack", Source = "slack" };

        var first = chat.Execute(command, context);
        var retried = chat.Execute(command, context);

        var text = Assert.IsType<ChatReply.Text>(first);
        Assert.Contains("INC-9", text.Body, StringComparison.Ordinal);
        Assert.NotNull(retried);
        Assert.Equal(2, harness.Storage.Audit.Trail().Count());
    }
}
