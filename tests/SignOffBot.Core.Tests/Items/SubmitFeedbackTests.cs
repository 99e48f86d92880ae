using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Items;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Items;

public sealed class SubmitFeedbackTests
{
    private static readonly DateTimeOffset At = T0.AddMinutes(42);

    [Fact]
    public void SubmitFeedback_WhenApproveWithoutComment_IsRecorded()
    {
        var item = FeedbackRequested();

        var change = item.SubmitFeedback(Model, Ops, ItOps, FeedbackAnswerKind.Approve, null, At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        var answer = Assert.Single(change.Value!.SignOff.FindSlot(ItOps)!.Answers);
        Assert.Equal(new FeedbackAnswer(Ops, FeedbackAnswerKind.Approve, null, At), answer);
        Assert.Equal(new DomainEvent(AuditActions.Feedback, "fraud-detection/churn-xgb@7", ItOps, "approve", null), e);
        Assert.Equal(SignOffState.FeedbackRequested, change.Value!.SignOff.State);
    }

    [Fact]
    public void SubmitFeedback_WhenApproveWithComment_KeepsTheTrimmedComment()
    {
        var item = FeedbackRequested();

        var change = item.SubmitFeedback(Model, Ops, "it-operations", FeedbackAnswerKind.Approve, "  Runbook reviewed.  ", At);

        Assert.Equal("Runbook reviewed.", Expect.AppliedOneEvent(change.Outcome).Comment);
        Assert.Equal("Runbook reviewed.", change.Value!.SignOff.FindSlot(ItOps)!.LatestBy(Ops)!.Comment);
    }

    [Theory]
    [InlineData(FeedbackAnswerKind.MinorIssue, "minor-issue")]
    [InlineData(FeedbackAnswerKind.MajorIssue, "major-issue")]
    public void SubmitFeedback_WhenIssueWithComment_IsRecorded(FeedbackAnswerKind kind, string word)
    {
        var item = FeedbackRequested();

        var change = item.SubmitFeedback(Model, Biz, Business, kind, "Churn label is off by a month.", At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(word, e.Answer);
        Assert.Equal("Churn label is off by a month.", e.Comment);
        Assert.Equal(kind, change.Value!.SignOff.FindSlot(Business)!.LatestBy(Biz)!.Answer);
    }

    [Theory]
    [InlineData(FeedbackAnswerKind.MinorIssue, null, "A comment is required for a minor issue.")]
    [InlineData(FeedbackAnswerKind.MinorIssue, "", "A comment is required for a minor issue.")]
    [InlineData(FeedbackAnswerKind.MajorIssue, null, "A comment is required for a major issue.")]
    [InlineData(FeedbackAnswerKind.MajorIssue, "   ", "A comment is required for a major issue.")]
    public void SubmitFeedback_WhenIssueWithoutComment_IsRefused(FeedbackAnswerKind kind, string? comment, string message)
    {
        var item = FeedbackRequested();

        var violation = Expect.Refused(item.SubmitFeedback(Model, Biz, Business, kind, comment, At), item, "comment-required");

        Assert.Equal(RefusalKind.Invalid, violation.Kind);
        Assert.Equal(message, violation.Message);
    }

    [Fact]
    public void SubmitFeedback_WhenReviewerChangesTheirAnswer_KeepsEveryAnswerInTheHistory()
    {
        var item = FeedbackRequested().Answer(Ops, ItOps, FeedbackAnswerKind.MajorIssue, "No rollback tested.", at: T0.AddMinutes(10));

        var change = item.SubmitFeedback(Model, Ops, ItOps, FeedbackAnswerKind.Approve, "Rollback tested now.", T0.AddMinutes(20));

        Expect.AppliedOneEvent(change.Outcome);
        var slot = change.Value!.SignOff.FindSlot(ItOps)!;
        Assert.Equal([FeedbackAnswerKind.MajorIssue, FeedbackAnswerKind.Approve], slot.Answers.Select(a => a.Answer));
        Assert.Equal(FeedbackAnswerKind.Approve, slot.LatestBy(Ops)!.Answer);
        Assert.Equal(FeedbackAnswerKind.Approve, Assert.Single(slot.LatestAnswers).Answer);
    }

    [Fact]
    public void SubmitFeedback_WhenSameAnswerAndComment_IsUnchanged()
    {
        var item = FeedbackRequested().Answer(Ops, ItOps, FeedbackAnswerKind.Approve, "Fine.");

        var reason = Expect.Unchanged(item.SubmitFeedback(Model, Ops, ItOps, FeedbackAnswerKind.Approve, " Fine. ", At), item);

        Assert.Equal("Your answer on IT & Operations is already approve.", reason);
    }

    [Fact]
    public void SubmitFeedback_WhenSameAnswerWithANewComment_IsRecordedAsANewAnswer()
    {
        var item = FeedbackRequested().Answer(Biz, Business, FeedbackAnswerKind.MinorIssue, "Typo in the card.");

        var change = item.SubmitFeedback(Model, Biz, Business, FeedbackAnswerKind.MinorIssue, "Typo in the card, page 2.", At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(2, change.Value!.SignOff.FindSlot(Business)!.Answers.Count);
    }

    [Theory]
    [InlineData(Biz, ItOps)]
    [InlineData(Ops, Business)]
    [InlineData(Eve, RiskCompliance)]
    [InlineData(Dev, ItOps)]
    [InlineData(OnCall, Business)]
    public void SubmitFeedback_WhenActorNotAssigned_IsRefusedPrivately(string actor, string category)
    {
        var item = FeedbackRequested();

        var violation = Expect.Refused(item.SubmitFeedback(Model, actor, category, FeedbackAnswerKind.Approve, null, At), item, "not-assigned");

        Assert.Equal(RefusalKind.Forbidden, violation.Kind);
        Assert.Equal("This review is not assigned to you.", violation.Message);
    }

    [Fact]
    public void SubmitFeedback_WhenSlotNotRequested_IsRefused()
    {
        var item = Applied(Registered().RequestFeedback(Model, Dev, [Business]));

        var violation = Expect.Refused(item.SubmitFeedback(Model, Ops, ItOps, FeedbackAnswerKind.Approve, null, At), item, "feedback-not-requested");

        Assert.Equal("Feedback on IT & Operations has not been requested yet.", violation.Message);
    }

    [Fact]
    public void SubmitFeedback_WhenSignOffNotStarted_IsRefused()
    {
        var item = Registered();

        var violation = Expect.Refused(item.SubmitFeedback(Model, Biz, Business, FeedbackAnswerKind.Approve, null, At), item, "feedback-not-requested");

        Assert.Equal("Feedback on Business has not been requested yet.", violation.Message);
    }

    [Fact]
    public void SubmitFeedback_WhenCategoryUnknown_IsRefused()
    {
        var item = FeedbackRequested();

        var violation = Expect.Refused(item.SubmitFeedback(Model, Ops, "Security", FeedbackAnswerKind.Approve, null, At), item, "unknown-category");

        Assert.StartsWith("Project fraud-detection has no feedback category 'Security'.", violation.Message);
    }

    [Fact]
    public void SubmitFeedback_WhenGroupMembersAnswer_EachAnswerIsRecorded()
    {
        var item = FeedbackRequested().Answer(Ben, RiskCompliance);

        var change = item.SubmitFeedback(Model, Chen, RiskCompliance, FeedbackAnswerKind.MinorIssue, "Fairness metrics missing.", At);

        Expect.AppliedOneEvent(change.Outcome);
        var slot = change.Value!.SignOff.FindSlot(RiskCompliance)!;
        Assert.Equal([Ben, Chen], slot.Answers.Select(a => a.By));
    }

    [Fact]
    public void SubmitFeedback_WhenSlotDelegated_DelegateMayAnswerAndOriginalAssigneeNoLonger()
    {
        var item = Applied(FeedbackRequested().Delegate(Model, Ops, ItOps, Eve, T0.AddMinutes(5)));

        var byDelegate = item.SubmitFeedback(Model, Eve, ItOps, FeedbackAnswerKind.Approve, null, At);
        var byOriginal = item.SubmitFeedback(Model, Ops, ItOps, FeedbackAnswerKind.Approve, null, At);

        Expect.AppliedOneEvent(byDelegate.Outcome);
        Assert.Equal(Eve, Assert.Single(byDelegate.Value!.SignOff.FindSlot(ItOps)!.Answers).By);
        Assert.Equal("This review is not assigned to you.", Expect.Refused(byOriginal, item, "not-assigned").Message);
    }

    [Fact]
    public void SubmitFeedback_WhenGroupSlotDelegated_OtherGroupMembersNoLongerMayAnswer()
    {
        var item = Applied(FeedbackRequested().Delegate(Model, Ben, RiskCompliance, Eve, T0.AddMinutes(5)));

        Expect.Refused(item.SubmitFeedback(Model, Chen, RiskCompliance, FeedbackAnswerKind.Approve, null, At), item, "not-assigned");
        Expect.AppliedOneEvent(item.SubmitFeedback(Model, Eve, RiskCompliance, FeedbackAnswerKind.Approve, null, At).Outcome);
    }

    [Fact]
    public void SubmitFeedback_WhenFinalApprovalRequested_IsStillAccepted()
    {
        var item = InState(SignOffState.FinalApprovalRequested);

        var change = item.SubmitFeedback(Model, Biz, Business, FeedbackAnswerKind.Approve, null, At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(SignOffState.FinalApprovalRequested, change.Value!.SignOff.State);
    }

    [Fact]
    public void SubmitFeedback_WhenOnePersonHoldsSeveralSlots_AnswersEachSeparately()
    {
        var governance = Build(feedback:
        [
            new(ItOps, [new(Ops)]),
            new(RiskCompliance, [new("group:" + ModelRiskGroup)]),
            new(Business, [new(Biz), new(Ops)]),
        ]);
        var item = FeedbackRequested(governance).Answer(Ops, ItOps, governance: governance);

        var change = item.SubmitFeedback(governance, Ops, Business, FeedbackAnswerKind.MinorIssue, "KPI names differ.", At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(FeedbackAnswerKind.Approve, change.Value!.SignOff.FindSlot(ItOps)!.LatestBy(Ops)!.Answer);
        Assert.Equal(FeedbackAnswerKind.MinorIssue, change.Value!.SignOff.FindSlot(Business)!.LatestBy(Ops)!.Answer);
    }

    [Theory]
    [InlineData(SignOffState.Rejected, "sign-off-locked")]
    [InlineData(SignOffState.Abandoned, "sign-off-locked")]
    [InlineData(SignOffState.Approved, "sign-off-closed")]
    public void SubmitFeedback_WhenSignOffEnded_IsRefused(SignOffState state, string rule)
    {
        var item = InState(state);

        var violation = Expect.Refused(item.SubmitFeedback(Model, Ops, ItOps, FeedbackAnswerKind.Approve, null, At), item, rule);

        Assert.Contains("accepts no further answers", violation.Message);
    }
}
