using SignOffBot.Core.Conversations;
using static SignOffBot.Core.Tests.Builders.TestGovernance;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary><c>mine</c> and <c>list</c>: one line per item with its state and what it waits for, privately.</summary>
public sealed class MineAndListTests
{
    private readonly ChatFixture _chat = new();

    [Fact]
    public void Mine_ListsOnlyTheItemsIOwn_WithStateAndWhatTheyWaitFor()
    {
        _chat.Say(Dev, "register fraud-detection churn-xgb@7 --risk low");
        _chat.Say(Dev, "request-feedback fraud-detection/churn-xgb@7 Business");
        _chat.Say(Ana, "register fraud-detection churn-xgb@8 --risk low");

        var mine = Assert.IsType<ChatReply.Private>(_chat.Say(Dev, "mine"));

        Assert.StartsWith("Your items:", mine.Body, StringComparison.Ordinal);
        Assert.Contains("• fraud-detection/churn-xgb@7 (low risk), feedback-requested: waits for feedback on Business;", mine.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("churn-xgb@8", mine.Body, StringComparison.Ordinal);
        Assert.Equal("You own no items.", Assert.IsType<ChatReply.Private>(_chat.Say(Ben, "mine")).Body);
    }

    [Fact]
    public void List_FiltersAProjectByState_AndAnUnknownProjectIsNamed()
    {
        _chat.Say(Dev, "register fraud-detection churn-xgb@7 --risk low");
        _chat.Say(Ana, "register fraud-detection churn-xgb@8 --risk low");
        _chat.Say(Ana, "request-feedback fraud-detection/churn-xgb@8");

        var all = Assert.IsType<ChatReply.Private>(_chat.Say(Ben, "list fraud-detection")).Body;
        var started = Assert.IsType<ChatReply.Private>(_chat.Say(Ben, "list FRAUD-DETECTION --state feedback-requested")).Body;
        var unknown = Assert.IsType<ChatReply.Private>(_chat.Say(Ben, "list nope")).Body;

        Assert.Contains("churn-xgb@7", all, StringComparison.Ordinal);
        Assert.Contains("churn-xgb@8", all, StringComparison.Ordinal);
        Assert.DoesNotContain("churn-xgb@7", started, StringComparison.Ordinal);
        Assert.Contains("churn-xgb@8 (low risk), feedback-requested", started, StringComparison.Ordinal);
        Assert.Contains("nope", unknown, StringComparison.Ordinal);
        Assert.Equal("fraud-detection has no approved items.", Assert.IsType<ChatReply.Private>(_chat.Say(Ben, "list fraud-detection --state approved")).Body);
    }
}
