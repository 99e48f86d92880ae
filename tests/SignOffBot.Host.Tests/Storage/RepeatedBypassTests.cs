using SignOffBot.Core.Conversations;
using SignOffBot.Core.DeployChecks;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>A chat platform retrying a bypass request (same delivery id) must change nothing and still get a usable answer.</summary>
public sealed class RepeatedBypassTests
{
    private const string DeliveryId = "slack:trigger-bypass-1";
    private static readonly Core.Items.ItemKey Churn7 = StoreFixture.Key("fraud-detection/churn-xgb@7");

    [Fact]
    public void RequestBypass_WhenTheDeliveryIsRepeated_RecordsOneBypassAndOneAuditEvent_AlsoAfterAReopen()
    {
        using var bench = new StoreFixture();
        bench.Register(Churn7.ToString(), "ana@example.com");
        var first = bench.Deploys.RequestBypass(Churn7, "prod-api", "INC-9", 2, StoreFixture.As("ana@example.com", DeliveryId));
        Assert.True(first.Outcome.IsApplied, first.Outcome.Message);
        var second = bench.Deploys.RequestBypass(Churn7, "prod-api", "INC-9", 2, StoreFixture.As("ana@example.com", DeliveryId));
        Assert.True(second.Repeated);
        Assert.True(second.Outcome.IsApplied);
        Assert.Equal(first.Value!.Id, second.Value!.Id);

        bench.Reopen();
        var third = bench.Deploys.RequestBypass(Churn7, "prod-api", "INC-9", 2, StoreFixture.As("ana@example.com", DeliveryId));

        Assert.True(third.Repeated);
        var bypass = Assert.Single(bench.Storage.UnitOfWork.Transact(s => s.BypassesFor(Churn7, "prod-api")));
        Assert.Equal(BypassStatus.Pending, bypass.Status);
        Assert.Equal(2, bench.Audit().Count);
        Assert.True(bench.Verify().Ok);
    }

    [Fact]
    public void ChatBypass_WhenThePlatformRetriesTheSameDelivery_AnswersAgainWithoutThrowing()
    {
        using var bench = new StoreFixture();
        bench.Register(Churn7.ToString(), "ana@example.com");
        var chat = new ChatCommandHandler(bench.Governance, bench.SignOffs, bench.Deploys, bench.Store, bench.Storage.Audit);
        var command = new BypassCommand(Churn7, "prod-api", "INC-9", 2);
        var context = StoreFixture.As("ana@example.com", DeliveryId);

        var first = chat.Execute(command, context);
        var retried = chat.Execute(command, context);

        var text = Assert.IsType<ChatReply.Text>(first);
        Assert.Contains("INC-9", text.Body, StringComparison.Ordinal);
        Assert.NotNull(retried);
        Assert.Equal(2, bench.Audit().Count);
    }
}
