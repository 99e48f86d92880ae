using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Conversations.ChatFixture;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>
/// register canonicalises the project key (Item.Register stores <c>fraud-detection/…</c> for <c>Fraud-Detection/…</c>),
/// but SignOffService.Register looks the item up, and answers a retried delivery, with the key as typed.
/// </summary>
public sealed class RegisterCaseBugTests
{
    private readonly ChatFixture _chat = new();

    [Fact]
    public void Register_TheSameVersionWithTheProjectKeyInOtherCase_IsAPrivateRefusal()
    {
        _chat.Register();

        var reply = _chat.Say(Ana, "register Fraud-Detection churn-xgb@7");

        Assert.Equal(
            "fraud-detection/churn-xgb@7 is already registered. A new version is a new item: register fraud-detection/churn-xgb@<next version>.",
            Private(reply));
        Assert.Equal(1, _chat.AuditCount);
    }

    [Fact]
    public void Register_RetriedDeliveryWithTheProjectKeyInOtherCase_AnswersWithTheCardAgain()
    {
        var first = Card(_chat.Say(Dev, "register Fraud-Detection churn-xgb@9", deliveryId: "evt-r"));

        var second = _chat.Say(Dev, "register Fraud-Detection churn-xgb@9", deliveryId: "evt-r");

        Assert.Equal("fraud-detection/churn-xgb@9", first.View.Item);
        Assert.Equal(first.View.Item, Card(second).View.Item);
        Assert.Equal(1, _chat.AuditCount);
    }
}
