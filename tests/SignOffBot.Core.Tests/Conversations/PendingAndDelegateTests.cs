using SignOffBot.Core.Conversations;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Conversations.ChatFixture;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary><c>pending</c> (the reviews waiting for me) and <c>delegate</c> (hand a slot to another person).</summary>
public sealed class PendingAndDelegateTests
{
    private readonly ChatFixture _chat = new();

    [Fact]
    public void Pending_WithNothingWaiting_SaysSo()
    {
        _chat.Register();

        Assert.Equal("Nothing is waiting for you.", Private(_chat.Say(Ops, "pending")));
    }

    [Fact]
    public void Pending_ListsTheReviewerSlotOnceFeedbackIsRequested()
    {
        _chat.Register(risk: "high");
        _chat.RequestFeedback();

        Assert.Equal(
            "1 review is waiting for you:\n• fraud-detection/churn-xgb@7: IT & Operations (high risk)",
            Private(_chat.Say(Ops, "pending")));
    }

    [Fact]
    public void Pending_DropsTheSlotOnceTheReviewerHasAnswered()
    {
        _chat.Register();
        _chat.RequestFeedback();
        Card(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps));

        Assert.Equal("Nothing is waiting for you.", Private(_chat.Say(Ops, "pending")));
        Assert.StartsWith("1 review is waiting for you:", Private(_chat.Say(Biz, "pending")), StringComparison.Ordinal);
    }

    [Fact]
    public void Pending_ListsEveryItemWaitingForTheViewer()
    {
        _chat.Register();
        _chat.RequestFeedback();
        Card(_chat.Say(Dev, "register fraud-detection churn-xgb@8 --risk medium"));
        Card(_chat.Say(Dev, "request-feedback fraud-detection/churn-xgb@8 \"IT & Operations\""));

        var body = Private(_chat.Say(Ops, "pending"));

        var lines = body.Split('\n');
        Assert.Equal("2 reviews are waiting for you:", lines[0]);
        Assert.Equal(
            ["• fraud-detection/churn-xgb@7: IT & Operations (low risk)", "• fraud-detection/churn-xgb@8: IT & Operations (medium risk)"],
            lines.Skip(1).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Pending_ListsTheFinalApprovalForTheFinalApprover()
    {
        _chat.Register();
        _chat.RequestFinal();

        Assert.Equal(
            "1 review is waiting for you:\n• fraud-detection/churn-xgb@7: Final approval (low risk)",
            Private(_chat.Say(Ben, "pending")));
    }

    [Fact]
    public void Pending_NeverListsTheFinalApprovalOfTheOwnersOwnItem()
    {
        _chat.Register(owner: Ana);
        _chat.RequestFinal(owner: Ana);

        Assert.Equal("Nothing is waiting for you.", Private(_chat.Say(Ana, "pending")));
        Assert.Contains("Final approval", Private(_chat.Say(Chen, "pending")), StringComparison.Ordinal);
    }

    [Fact]
    public void Pending_ForAPersonWithoutRole_IsEmptyAndRecordsNothing()
    {
        _chat.Register();
        _chat.RequestFeedback();
        var audit = _chat.AuditCount;

        Assert.Equal("Nothing is waiting for you.", Private(_chat.Say(Eve, "pending")));
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void Pending_AfterTheSignOffEnded_IsEmpty()
    {
        _chat.Register();
        _chat.RequestFeedback();
        _chat.RequestFinal();
        Card(_chat.Press(Ben, ReviewVerb.FinalApprove, ItemText, "final"));

        Assert.Equal("Nothing is waiting for you.", Private(_chat.Say(Ops, "pending")));
    }

    [Theory]
    [InlineData("@eve")]
    [InlineData("eve@example.com")]
    [InlineData("<@U0EVE|eve>")]
    [InlineData("<at>Eve Martin</at>")]
    public void Delegate_ByMention_GivesTheDelegateTheButtonsAndTakesThemFromTheAssignee(string mention)
    {
        _chat.Register();
        _chat.RequestFeedback();
        Assert.Equal(3, _chat.StatusAs(Biz).Actions.Count);
        Assert.Empty(_chat.StatusAs(Eve).Actions);

        var card = Card(_chat.Say(Biz, $"delegate {ItemText} Business {mention}"));

        Assert.Equal("Business on fraud-detection/churn-xgb@7 delegated to Eve Martin.", card.Summary);
        Assert.Equal(["Business: delegated to Eve Martin by Bianca Ferreira"], card.View.Delegations);
        Assert.Equal("Eve Martin (delegated)", card.View.Feedback.Single(s => s.Slot == Business).Holder);
        Assert.Empty(card.View.Actions);

        Assert.Equal(
            [(ReviewVerb.FeedbackApprove, Business), (ReviewVerb.FeedbackMinorIssue, Business), (ReviewVerb.FeedbackMajorIssue, Business)],
            Buttons(_chat.StatusAs(Eve)));
        Assert.Empty(_chat.StatusAs(Biz).Actions);
        var e = _chat.Store.Of(Key)[^1];
        Assert.Equal(("delegated", Biz, Business, "delegated to eve@example.com"), (e.Action, e.Actor, e.Slot, e.Comment));
    }

    [Fact]
    public void Delegate_TheDelegateAnswersAndTheFormerAssigneeIsRefused()
    {
        _chat.Register();
        _chat.RequestFeedback();
        Card(_chat.Say(Biz, $"delegate {ItemText} Business @eve"));

        Assert.Equal("This review is not assigned to you.", Private(_chat.Press(Biz, ReviewVerb.FeedbackApprove, ItemText, Business)));
        var card = Card(_chat.Press(Eve, ReviewVerb.FeedbackApprove, ItemText, Business));

        Assert.Equal(EveName, Assert.Single(card.View.Feedback.Single(s => s.Slot == Business).Answers).ByName);
        Assert.Equal("Nothing is waiting for you.", Private(_chat.Say(Biz, "pending")));
    }

    [Fact]
    public void Delegate_MovesThePendingReviewToTheDelegate()
    {
        _chat.Register();
        _chat.RequestFeedback();

        Card(_chat.Say(Ops, $"delegate {ItemText} it-operations @eve"));

        Assert.Equal("1 review is waiting for you:\n• fraud-detection/churn-xgb@7: IT & Operations (low risk)", Private(_chat.Say(Eve, "pending")));
        Assert.Equal("Nothing is waiting for you.", Private(_chat.Say(Ops, "pending")));
    }

    [Fact]
    public void Delegate_TheFinalSlot_GivesTheDelegateTheFinalButtonsOnly()
    {
        _chat.Register();
        _chat.RequestFinal();

        var card = Card(_chat.Say(Ben, $"delegate {ItemText} final @oncall"));

        Assert.Equal("Oscar Nakamura (delegated)", card.View.Final.Holder);
        Assert.Equal(["Final approval: delegated to Oscar Nakamura by Ben Carter"], card.View.Delegations);
        Assert.Equal(
            [(ReviewVerb.FinalApprove, "final"), (ReviewVerb.FinalReject, "final"), (ReviewVerb.FinalAbandon, "final")],
            Buttons(_chat.StatusAs(OnCall)));
        Assert.Empty(_chat.StatusAs(Ben).Actions);
        Assert.Empty(_chat.StatusAs(Chen).Actions);
    }

    [Fact]
    public void Delegate_TheFinalSlotToTheItemOwner_IsRefused()
    {
        _chat.Register();
        _chat.RequestFinal();
        var audit = _chat.AuditCount;

        var body = Private(_chat.Say(Ben, $"delegate {ItemText} final @dev"));

        Assert.Equal("The final approval cannot be delegated to dev@example.com, who owns the item (segregation of duties).", body);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void Delegate_TheFinalSlotToThemselves_IsRefusedAndChangesNothing()
    {
        _chat.Register();
        _chat.RequestFinal();
        var before = _chat.Item;

        var body = Private(_chat.Say(Ana, $"delegate {ItemText} final @ana"));

        Assert.Equal("You cannot delegate the final approval to yourself; name another person eligible to approve.", body);
        Assert.Same(before, _chat.Item);
    }

    [Fact]
    public void Delegate_TheFinalSlotToSomeoneNotEligibleToApprove_IsRefusedAndChangesNothing()
    {
        _chat.Register();
        _chat.RequestFinal();
        var audit = _chat.AuditCount;

        var body = Private(_chat.Say(Ana, $"delegate {ItemText} final @eve"));

        Assert.StartsWith("The final approval can be delegated only to a person eligible to approve it", body, StringComparison.Ordinal);
        Assert.EndsWith("Eve Martin is neither.", body, StringComparison.Ordinal);
        Assert.Equal(audit, _chat.AuditCount);
        Assert.Empty(_chat.StatusAs(Eve).Actions);
    }

    [Fact]
    public void Delegate_AFeedbackSlotToTheItemOwner_IsRefused()
    {
        _chat.Register();
        _chat.RequestFeedback();
        var audit = _chat.AuditCount;

        var body = Private(_chat.Say(Biz, $"delegate {ItemText} Business @dev"));

        Assert.Equal("The Business review cannot be delegated to dev@example.com, who owns the item (segregation of duties).", body);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void Delegate_BySomeoneWhoDoesNotHoldTheSlot_IsRefused()
    {
        _chat.Register();
        _chat.RequestFeedback();
        var before = _chat.Item;

        var body = Private(_chat.Say(Eve, $"delegate {ItemText} Business @eve"));

        Assert.Equal("Only a person holding this slot or a project owner can delegate it.", body);
        Assert.Same(before, _chat.Item);
        Assert.Equal(FeedbackButtonsOf(Business), Buttons(_chat.StatusAs(Biz)));
    }

    [Fact]
    public void Delegate_ByTheProjectOwner_IsAllowed()
    {
        _chat.Register();
        _chat.RequestFeedback();

        var card = Card(_chat.Say(Ana, $"delegate {ItemText} Business @eve"));

        Assert.Equal(["Business: delegated to Eve Martin by Ana Ortiz"], card.View.Delegations);
    }

    private static List<(ReviewVerb, string)> FeedbackButtonsOf(string slot) =>
        [(ReviewVerb.FeedbackApprove, slot), (ReviewVerb.FeedbackMinorIssue, slot), (ReviewVerb.FeedbackMajorIssue, slot)];
}
