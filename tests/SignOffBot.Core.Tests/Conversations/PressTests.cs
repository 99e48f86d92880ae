using SignOffBot.Core.Conversations;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Items;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Conversations.ChatFixture;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>SPEC section 2 through the card buttons: answers, refusals, repeated deliveries, the final decision.</summary>
public sealed class PressTests
{
    private readonly ChatFixture _chat = new();

    private void FeedbackRequested(string risk = "low", string evidence = FullEvidenceOptions)
    {
        _chat.Register(risk, evidence: evidence);
        _chat.RequestFeedback();
    }

    [Fact]
    public void FeedbackApprove_RecordsTheAnswerAndTheCardShowsItWithTheReviewersName()
    {
        FeedbackRequested();
        var audit = _chat.AuditCount;

        var card = Card(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps, deliveryId: "slack-1"));
        var at = _chat.Clock.GetUtcNow();

        Assert.Equal("Approve recorded on fraud-detection/churn-xgb@7.", card.Summary);
        var slot = card.View.Feedback.Single(s => s.Slot == ItOps);
        Assert.Equal(new AnswerView(Ops, OpsName, "approve", null, at), Assert.Single(slot.Answers));
        Assert.Equal("feedback-requested", card.View.State);

        var stored = Assert.Single(_chat.Item.SignOff.FindSlot(ItOps)!.Answers);
        Assert.Equal((Ops, FeedbackAnswerKind.Approve), (stored.By, stored.Answer));
        Assert.Equal(audit + 1, _chat.AuditCount);
        var e = _chat.Store.Of(Key)[^1];
        Assert.Equal(("feedback", Ops, ItOps, "approve", "slack-1"), (e.Action, e.Actor, e.Slot, e.Answer, e.DeliveryId));
    }

    [Fact]
    public void FeedbackIssue_WithAComment_IsRecordedWithTheComment()
    {
        FeedbackRequested();

        var card = Card(_chat.Press(Ben, ReviewVerb.FeedbackMajorIssue, ItemText, "risk-compliance", "  No fairness analysis.  "));

        Assert.Equal("Major issue recorded on fraud-detection/churn-xgb@7.", card.Summary);
        var answer = Assert.Single(card.View.Feedback.Single(s => s.Slot == RiskCompliance).Answers);
        Assert.Equal((Ben, BenName, "major-issue", "No fairness analysis."), (answer.By, answer.ByName, answer.Answer, answer.Comment));
    }

    [Fact]
    public void Reviewer_ChangingTheirAnswer_KeepsEveryAnswerInTheHistory()
    {
        FeedbackRequested();
        Card(_chat.Press(Biz, ReviewVerb.FeedbackMinorIssue, ItemText, Business, "Typo in the model card."));

        var card = Card(_chat.Press(Biz, ReviewVerb.FeedbackApprove, ItemText, Business));

        Assert.Equal(
            [("minor-issue", "Typo in the model card."), ("approve", (string?)null)],
            card.View.Feedback.Single(s => s.Slot == Business).Answers.Select(a => (a.Answer, a.Comment)).ToList());
    }

    [Theory]
    [InlineData(ReviewVerb.FeedbackMinorIssue, null, "A comment is required for a minor issue.")]
    [InlineData(ReviewVerb.FeedbackMinorIssue, "   ", "A comment is required for a minor issue.")]
    [InlineData(ReviewVerb.FeedbackMajorIssue, "", "A comment is required for a major issue.")]
    public void FeedbackIssue_WithoutAComment_IsAPrivateRefusalAndNothingIsRecorded(ReviewVerb verb, string? comment, string expected)
    {
        FeedbackRequested();
        var before = _chat.Item;
        var audit = _chat.AuditCount;

        var body = Private(_chat.Press(Ops, verb, ItemText, ItOps, comment));

        Assert.Equal(expected, body);
        Assert.Same(before, _chat.Item);
        Assert.Empty(_chat.Item.SignOff.FindSlot(ItOps)!.Answers);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Theory]
    [InlineData(ReviewVerb.FinalReject, "A comment is required for a rejection.")]
    [InlineData(ReviewVerb.FinalAbandon, "A comment is required for abandoning.")]
    public void FinalRejectOrAbandon_WithoutAComment_IsAPrivateRefusal(ReviewVerb verb, string expected)
    {
        _chat.Register();
        _chat.RequestFinal();
        var audit = _chat.AuditCount;

        Assert.Equal(expected, Private(_chat.Press(Ben, verb, ItemText, "final")));
        Assert.Equal(SignOffState.FinalApprovalRequested, _chat.Item.SignOff.State);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Theory]
    [InlineData(Eve, ReviewVerb.FeedbackApprove, ItOps)]
    [InlineData(Biz, ReviewVerb.FeedbackApprove, ItOps)]
    [InlineData(Ops, ReviewVerb.FeedbackMajorIssue, RiskCompliance)]
    [InlineData(Dev, ReviewVerb.FeedbackApprove, Business)]
    [InlineData(Eve, ReviewVerb.FinalApprove, "final")]
    [InlineData(Ops, ReviewVerb.FinalReject, "final")]
    public void Press_BySomeoneNotAssigned_IsAPrivateRefusalAndNothingChanges(string presser, ReviewVerb verb, string slot)
    {
        FeedbackRequested();
        var before = _chat.Item;
        var audit = _chat.AuditCount;

        var body = Private(_chat.Press(presser, verb, ItemText, slot, "A comment, in case one is needed."));

        Assert.Equal("This review is not assigned to you.", body);
        Assert.Same(before, _chat.Item);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void SamePress_DeliveredTwice_IsRecordedOnce()
    {
        FeedbackRequested();
        var audit = _chat.AuditCount;

        var first = Card(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps, deliveryId: "trigger-42"));
        var second = Card(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps, deliveryId: "trigger-42"));

        Assert.Equal(audit + 1, _chat.AuditCount);
        Assert.Single(_chat.Item.SignOff.FindSlot(ItOps)!.Answers);
        Assert.Single(second.View.Feedback.Single(s => s.Slot == ItOps).Answers);
        Assert.Equal(first.View.Feedback, second.View.Feedback, (a, b) => a.Answers.SequenceEqual(b.Answers));
    }

    [Fact]
    public void RepeatedDelivery_OfAnIssue_DoesNotRecordASecondAnswerEvenWithAnotherComment()
    {
        FeedbackRequested();
        Card(_chat.Press(Biz, ReviewVerb.FeedbackMinorIssue, ItemText, Business, "First.", deliveryId: "evt-1"));
        var audit = _chat.AuditCount;

        Card(_chat.Press(Biz, ReviewVerb.FeedbackMinorIssue, ItemText, Business, "Second.", deliveryId: "evt-1"));

        Assert.Equal(audit, _chat.AuditCount);
        Assert.Equal("First.", Assert.Single(_chat.Item.SignOff.FindSlot(Business)!.Answers).Comment);
    }

    [Fact]
    public void RepeatedDelivery_OfARefusedPress_IsRefusedAgain()
    {
        FeedbackRequested();

        Assert.Equal("This review is not assigned to you.", Private(_chat.Press(Eve, ReviewVerb.FeedbackApprove, ItemText, ItOps, deliveryId: "evt-9")));
        Assert.Equal("This review is not assigned to you.", Private(_chat.Press(Eve, ReviewVerb.FeedbackApprove, ItemText, ItOps, deliveryId: "evt-9")));
    }

    [Fact]
    public void SameAnswer_PressedAgainUnderANewDelivery_SaysSoAndRecordsNothing()
    {
        FeedbackRequested();
        Card(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps, deliveryId: "a"));
        var audit = _chat.AuditCount;

        var card = Card(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps, deliveryId: "b"));

        Assert.Equal("Your answer on IT & Operations is already approve.", card.Summary);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void FinalApprove_RefusedByPolicy_NamesEverythingThatIsMissing()
    {
        // High risk: every category answered, no open major issue, model card + report + rollback, two approvals.
        FeedbackRequested("high", evidence: $"--model-card {ModelCardUrl}");
        Card(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps));
        Card(_chat.Press(Chen, ReviewVerb.FeedbackMajorIssue, ItemText, RiskCompliance, "No drift monitoring."));
        _chat.RequestFinal();
        var audit = _chat.AuditCount;

        var body = Private(_chat.Press(Ben, ReviewVerb.FinalApprove, ItemText, "final"));

        Assert.Equal(
            "The high-risk review policy does not allow the final approval yet: "
            + "feedback on Business has no answer yet; "
            + "Chen Wei has an open major issue on Risk & Compliance (\"No drift monitoring.\"); "
            + "the validation report is missing; the rollback plan is missing; "
            + "2 feedback approvals from distinct persons other than the owner and the final approver are needed, 1 so far.",
            body);
        Assert.Equal(SignOffState.FinalApprovalRequested, _chat.Item.SignOff.State);
        Assert.Null(_chat.Item.SignOff.Final.Decision);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void FinalApprove_RefusedByPolicy_CanStillBeRejected()
    {
        FeedbackRequested("medium", evidence: "--ticket CHG-1");
        _chat.RequestFinal();

        Assert.Equal(
            "The medium-risk review policy does not allow the final approval yet: the model card is missing.",
            Private(_chat.Press(Chen, ReviewVerb.FinalApprove, ItemText, "final")));
        var card = Card(_chat.Press(Chen, ReviewVerb.FinalReject, ItemText, "final", "No model card."));

        Assert.Equal("rejected", card.View.State);
    }

    [Fact]
    public void FinalApprove_ByTheApprover_ApprovesTheSignOff()
    {
        _chat.Register();
        _chat.RequestFeedback();
        Card(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps));
        _chat.RequestFinal();

        var card = Card(_chat.Press(Ben, ReviewVerb.FinalApprove, ItemText, "final", "Ship it.", deliveryId: "teams-activity-1"));
        var at = _chat.Clock.GetUtcNow();

        Assert.Equal("Approve recorded on fraud-detection/churn-xgb@7.", card.Summary);
        Assert.Equal("approved", card.View.State);
        Assert.Equal(new AnswerView(Ben, BenName, "approve", "Ship it.", at), Assert.Single(card.View.Final.Answers));
        Assert.Empty(card.View.Actions);
        Assert.Equal(SignOffState.Approved, _chat.Item.SignOff.State);
        var e = _chat.Store.Of(Key)[^1];
        Assert.Equal((AuditActions.FinalDecision, Ben, "final", "approve", "Ship it."), (e.Action, e.Actor, e.Slot, e.Answer, e.Comment));
    }

    [Fact]
    public void FinalApprove_ByTheItemOwnerInTheApproverGroup_IsRefusedForSegregationOfDuties()
    {
        _chat.Register(owner: Ana);
        _chat.RequestFinal(owner: Ana);
        var audit = _chat.AuditCount;

        var body = Private(_chat.Press(Ana, ReviewVerb.FinalApprove, ItemText, "final"));

        Assert.Equal("ana@example.com owns this item and can never give its final approval (segregation of duties).", body);
        Assert.Equal(SignOffState.FinalApprovalRequested, _chat.Item.SignOff.State);
        Assert.Equal(audit, _chat.AuditCount);
        Assert.Equal("abandoned", Card(_chat.Press(Ana, ReviewVerb.FinalAbandon, ItemText, "final", "Wrong training data.")).View.State);
    }

    [Fact]
    public void FinalApprove_BeforeAnythingWasRequested_IsRefused()
    {
        _chat.Register();

        Assert.Equal(
            "A final decision is accepted once feedback or the final approval has been requested.",
            Private(_chat.Press(Ben, ReviewVerb.FinalApprove, ItemText, "final")));
        Assert.Equal(1, _chat.AuditCount);
    }

    [Fact]
    public void Press_AfterRejection_IsRefusedBecauseTheSignOffIsLocked()
    {
        FeedbackRequested();
        _chat.RequestFinal();
        Card(_chat.Press(Ben, ReviewVerb.FinalReject, ItemText, "final", "Recall too low."));
        var audit = _chat.AuditCount;

        var body = Private(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps));

        Assert.Equal(
            "The sign-off of fraud-detection/churn-xgb@7 was rejected; it is locked and accepts no further answers. A new version is a new item with a new sign-off.",
            body);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void Press_OnATargetThatIsNotAnItemKey_IsAPrivateRefusal()
    {
        Assert.StartsWith("There is no item not-a-key.", Private(_chat.Press(Ops, ReviewVerb.FeedbackApprove, "not-a-key", ItOps)), StringComparison.Ordinal);
        Assert.Equal(0, _chat.AuditCount);
    }
}
