using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Items;

public sealed class DecideTests
{
    private static readonly DateTimeOffset At = T0.AddHours(3);

    [Fact]
    public void Decide_WhenApproverApproves_ApprovesAndRecordsTheDecision()
    {
        var item = InState(SignOffState.FinalApprovalRequested);

        var change = item.Decide(Model, Ben, FinalDecisionKind.Approve, null, At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(SignOffState.Approved, change.Value!.SignOff.State);
        Assert.Equal(new FinalDecision(Ben, FinalDecisionKind.Approve, null, At), change.Value!.SignOff.Final.Decision);
        Assert.Equal(new DomainEvent(AuditActions.FinalDecision, "fraud-detection/churn-xgb@7", "final", "approve", null), e);
    }

    [Fact]
    public void Decide_WhenApproveWithComment_KeepsTheTrimmedComment()
    {
        var item = InState(SignOffState.FinalApprovalRequested);

        var change = item.Decide(Model, Chen, FinalDecisionKind.Approve, " Ship it. ", At);

        Assert.Equal("Ship it.", Expect.AppliedOneEvent(change.Outcome).Comment);
        Assert.Equal("Ship it.", change.Value!.SignOff.Final.Decision!.Comment);
    }

    [Fact]
    public void Decide_WhenOnlyFeedbackRequested_IsAccepted()
    {
        var item = FeedbackRequested();

        var change = item.Decide(Model, Ben, FinalDecisionKind.Approve, null, At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(SignOffState.Approved, change.Value!.SignOff.State);
    }

    [Theory]
    [InlineData(FinalDecisionKind.Approve)]
    [InlineData(FinalDecisionKind.Reject)]
    [InlineData(FinalDecisionKind.Abandon)]
    public void Decide_WhenNothingRequestedYet_IsRefused(FinalDecisionKind decision)
    {
        var item = Registered();

        var violation = Expect.Refused(item.Decide(Model, Ben, decision, "Because.", At), item, "final-not-requested");

        Assert.Equal(RefusalKind.Conflict, violation.Kind);
        Assert.Equal("A final decision is accepted once feedback or the final approval has been requested.", violation.Message);
    }

    [Theory]
    [InlineData(FinalDecisionKind.Reject, SignOffState.Rejected, "reject")]
    [InlineData(FinalDecisionKind.Abandon, SignOffState.Abandoned, "abandon")]
    public void Decide_WhenRejectOrAbandonWithComment_LocksTheSignOff(FinalDecisionKind decision, SignOffState state, string word)
    {
        var item = InState(SignOffState.FinalApprovalRequested);

        var change = item.Decide(Model, Chen, decision, "Not this one.", At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(state, change.Value!.SignOff.State);
        Assert.True(change.Value!.SignOff.IsLocked);
        Assert.Equal(new FinalDecision(Chen, decision, "Not this one.", At), change.Value!.SignOff.Final.Decision);
        Assert.Equal(word, e.Answer);
        Assert.Equal("Not this one.", e.Comment);
    }

    [Theory]
    [InlineData(FinalDecisionKind.Reject, null, "A comment is required for a rejection.")]
    [InlineData(FinalDecisionKind.Reject, "  ", "A comment is required for a rejection.")]
    [InlineData(FinalDecisionKind.Abandon, null, "A comment is required for abandoning.")]
    [InlineData(FinalDecisionKind.Abandon, "", "A comment is required for abandoning.")]
    public void Decide_WhenRejectOrAbandonWithoutComment_IsRefused(FinalDecisionKind decision, string? comment, string message)
    {
        var item = InState(SignOffState.FinalApprovalRequested);

        var violation = Expect.Refused(item.Decide(Model, Ben, decision, comment, At), item, "comment-required");

        Assert.Equal(message, violation.Message);
    }

    [Fact]
    public void Decide_WhenRejectRequestedOnHighRiskItemMissingEverything_IsAccepted()
    {
        var item = InState(SignOffState.FinalApprovalRequested, risk: RiskLevel.High, evidence: Evidence.None);

        var change = item.Decide(Model, Ben, FinalDecisionKind.Reject, "Nothing was reviewed.", At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(SignOffState.Rejected, change.Value!.SignOff.State);
    }

    [Theory]
    [InlineData(Ops)]
    [InlineData(Biz)]
    [InlineData(Eve)]
    [InlineData(OnCall)]
    public void Decide_WhenActorIsNotTheFinalApprover_IsRefusedPrivately(string actor)
    {
        var item = InState(SignOffState.FinalApprovalRequested);

        var violation = Expect.Refused(item.Decide(Model, actor, FinalDecisionKind.Approve, null, At), item, "not-assigned");

        Assert.Equal("This review is not assigned to you.", violation.Message);
    }

    [Fact]
    public void Decide_WhenOwnerIsFinalApproverThroughGroup_IsRefusedBySegregationOfDuties()
    {
        // ana@example.com is a member of group model-risk, the final approver.
        var item = InState(SignOffState.FinalApprovalRequested, owner: Ana);
        Assert.True(item.MayDecide(Model, Ana));

        var violation = Expect.Refused(item.Decide(Model, Ana, FinalDecisionKind.Approve, null, At), item, "segregation-of-duties");

        Assert.Equal(RefusalKind.Forbidden, violation.Kind);
        Assert.Equal("ana@example.com owns this item and can never give its final approval (segregation of duties).", violation.Message);
    }

    [Fact]
    public void Decide_WhenOwnerIdDiffersInCase_IsStillRefusedBySegregationOfDuties()
    {
        var item = InState(SignOffState.FinalApprovalRequested, owner: Ana);

        Expect.Refused(item.Decide(Model, "Ana@Example.com", FinalDecisionKind.Approve, null, At), item, "segregation-of-duties");
    }

    [Fact]
    public void Decide_WhenOwnerIsTheFinalApproverDirectly_IsRefusedBySegregationOfDuties()
    {
        var governance = Build(finalApprover: new Assignee(Dev));
        var item = InState(SignOffState.FinalApprovalRequested, governance, owner: Dev);

        var violation = Expect.Refused(item.Decide(governance, Dev, FinalDecisionKind.Approve, null, At), item, "segregation-of-duties");

        Assert.Contains("dev@example.com owns this item and can never give its final approval", violation.Message);
    }

    [Fact]
    public void Decide_WhenProjectOwnerInApproverGroupDecidesAnotherOwnersItem_IsAccepted()
    {
        var item = InState(SignOffState.FinalApprovalRequested, owner: Dev);

        Expect.AppliedOneEvent(item.Decide(Model, Ana, FinalDecisionKind.Approve, null, At).Outcome);
    }

    [Fact]
    public void Decide_WhenFinalDelegated_DelegateDecidesAndGroupMembersNoLonger()
    {
        var item = Applied(InState(SignOffState.FinalApprovalRequested).Delegate(Model, Ben, SlotNames.Final, OnCall, T0.AddHours(2)));

        Expect.Refused(item.Decide(Model, Chen, FinalDecisionKind.Approve, null, At), item, "not-assigned");
        Expect.Refused(item.Decide(Model, Ben, FinalDecisionKind.Approve, null, At), item, "not-assigned");
        var change = item.Decide(Model, OnCall, FinalDecisionKind.Approve, null, At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(OnCall, change.Value!.SignOff.Final.Decision!.By);
    }

    [Fact]
    public void Decide_WhenSameDecisionRepeated_IsUnchanged()
    {
        var item = InState(SignOffState.Approved);

        var reason = Expect.Unchanged(item.Decide(Model, Ben, FinalDecisionKind.Approve, null, At), item);

        Assert.Equal("You already decided approve on fraud-detection/churn-xgb@7.", reason);
    }

    [Theory]
    [InlineData(Ben, FinalDecisionKind.Reject)]
    [InlineData(Chen, FinalDecisionKind.Approve)]
    [InlineData(Chen, FinalDecisionKind.Abandon)]
    public void Decide_WhenAlreadyApproved_IsRefusedAsClosed(string actor, FinalDecisionKind decision)
    {
        var item = InState(SignOffState.Approved);

        var violation = Expect.Refused(item.Decide(Model, actor, decision, "Changed my mind.", At), item, "sign-off-closed");

        Assert.Equal("The sign-off of fraud-detection/churn-xgb@7 is already approved; it accepts no further answers.", violation.Message);
    }

    [Theory]
    [InlineData(SignOffState.Rejected, "rejected")]
    [InlineData(SignOffState.Abandoned, "abandoned")]
    public void Decide_WhenLocked_AcceptsNoFurtherAnswerOfAnyKind(SignOffState state, string word)
    {
        var item = InState(state);
        var locked = $"The sign-off of fraud-detection/churn-xgb@7 was {word}; it is locked and accepts no further answers.";

        Assert.StartsWith(locked, Expect.Refused(item.Decide(Model, Chen, FinalDecisionKind.Approve, null, At), item, "sign-off-locked").Message);
        Assert.StartsWith(locked, Expect.Refused(item.Decide(Model, Ben, FinalDecisionKind.Approve, null, At), item, "sign-off-locked").Message);
        Assert.StartsWith(locked, Expect.Refused(item.SubmitFeedback(Model, Ops, ItOps, FeedbackAnswerKind.Approve, null, At), item, "sign-off-locked").Message);
        Assert.StartsWith(locked, Expect.Refused(item.RequestFinal(Model, Dev), item, "sign-off-locked").Message);
        Assert.StartsWith(locked, Expect.Refused(item.RequestFeedback(Model, Dev, []), item, "sign-off-locked").Message);
        Assert.StartsWith(locked, Expect.Refused(item.Delegate(Model, Ana, ItOps, Eve, At), item, "sign-off-locked").Message);
    }

    [Fact]
    public void Decide_WhenFeedbackReviewerIsAlsoTheApprover_MayDoBoth()
    {
        var item = FeedbackRequested().Answer(Ben, RiskCompliance);

        var change = item.Decide(Model, Ben, FinalDecisionKind.Approve, null, At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(SignOffState.Approved, change.Value!.SignOff.State);
    }
}
