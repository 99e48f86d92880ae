using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Items;

/// <summary>
/// Issue 14: <c>re-request &lt;item&gt; &lt;category…&gt; [--reason …]</c> asks requested slots again (item or project owner);
/// earlier answers stay in the history, the review policy counts only answers given after it.
/// </summary>
public sealed class ReRequestTests
{
    private const string Reason = "The label window is fixed, please look again.";
    private static readonly DateTimeOffset RequestedAt = T0.AddHours(1);
    private static readonly DateTimeOffset AnsweredAt = T0.AddHours(2);
    private static readonly DateTimeOffset At = T0.AddHours(3);

    private static Item Requested(GovernanceModel? governance = null, RiskLevel risk = RiskLevel.Low) =>
        Applied(Registered(governance, risk).RequestFeedback(governance ?? Model, Dev, [], RequestedAt));

    private static GovernanceModel HighOnly(ReviewPolicy policy) => WithPolicy(RiskLevel.High, policy);

    [Fact]
    public void ReRequest_AsksTheSlotAgainKeepingItsAnswersWithOneEvent()
    {
        var item = Requested().Answer(Biz, Business, FeedbackAnswerKind.MajorIssue, "Wrong label window.", at: AnsweredAt);

        var change = item.ReRequest(Model, Dev, [Business], $" {Reason} ", At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(new DomainEvent(AuditActions.ReRequested, "fraud-detection/churn-xgb@7", Business, null, Reason), e);
        var after = change.Value!;
        var slot = after.SignOff.FindSlot(Business)!;
        Assert.True(slot.Requested);
        Assert.Equal(At, slot.RequestedAt);
        Assert.Equal(item.SignOff.FindSlot(Business)!.Answers, slot.Answers);
        Assert.Empty(after.SignOff.CountedAnswers(slot));
        Assert.True(after.SignOff.AwaitsAnswer(slot));
        Assert.Equal(At, after.SignOff.CountsFrom(slot));
        Assert.Equal(SignOffState.FeedbackRequested, after.SignOff.State);
        Assert.Equal(new SignOffChange(SignOffChangeKind.ReRequested, Business, Dev, Reason, At), Assert.Single(after.SignOff.History));
    }

    [Fact]
    public void ReRequest_WithoutAReason_IsAccepted()
    {
        var change = Requested().ReRequest(Model, Ana, [ItOps, Business], null, At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(($"{ItOps}, {Business}", (string?)null), (e.Slot, e.Comment));
        Assert.Equal(2, change.Value!.SignOff.History.Count);
    }

    [Fact]
    public void ReRequest_AfterTheFinalApprovalWasRequested_IsAcceptedAndKeepsTheState()
    {
        var item = Applied(Requested().RequestFinal(Model, Dev, AnsweredAt));

        var after = Applied(item.ReRequest(Model, Dev, [ItOps], Reason, At));

        Assert.Equal(SignOffState.FinalApprovalRequested, after.SignOff.State);
    }

    [Fact]
    public void ReRequest_AMajorIssueGivenBeforeIt_NoLongerBlocksTheApproval()
    {
        var governance = HighOnly(new ReviewPolicy([], true, [], 0));
        var item = Requested(governance, RiskLevel.High).Answer(Biz, Business, FeedbackAnswerKind.MajorIssue, "Wrong label window.", governance, AnsweredAt);
        Expect.Refused(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, AnsweredAt.AddMinutes(5)), item, "policy-not-met");

        var after = Applied(item.ReRequest(governance, Dev, [Business], Reason, At));

        Expect.AppliedOneEvent(after.Decide(governance, Ben, FinalDecisionKind.Approve, null, At.AddMinutes(5)).Outcome);
    }

    [Fact]
    public void ReRequest_ARequiredCategoryAnsweredOnlyBeforeIt_IsMissingAgain()
    {
        var governance = HighOnly(new ReviewPolicy([Business], false, [], 0));
        var item = Requested(governance, RiskLevel.High).Answer(Biz, Business, governance: governance, at: AnsweredAt);
        Expect.AppliedOneEvent(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, AnsweredAt.AddMinutes(5)).Outcome);

        var after = Applied(item.ReRequest(governance, Dev, [Business], Reason, At));

        var violation = Expect.Refused(after.Decide(governance, Ben, FinalDecisionKind.Approve, null, At.AddMinutes(5)), after, "policy-not-met");
        Assert.Equal($"The high-risk review policy does not allow the final approval yet: feedback on {Business} has no answer yet.", violation.Message);
    }

    [Fact]
    public void ReRequest_ThenTheSameAnswerAgain_IsRecordedAndCounts()
    {
        // The reviewer approved before; asked again, they approve again: that answer is new and must count.
        var governance = HighOnly(new ReviewPolicy([Business], false, [], 0));
        var item = Requested(governance, RiskLevel.High).Answer(Biz, Business, governance: governance, at: AnsweredAt);
        item = Applied(item.ReRequest(governance, Dev, [Business], Reason, At));

        var again = item.SubmitFeedback(governance, Biz, Business, FeedbackAnswerKind.Approve, null, At.AddMinutes(5));

        var e = Expect.AppliedOneEvent(again.Outcome);
        Assert.Equal((AuditActions.Feedback, Business, "approve"), (e.Action, e.Slot, e.Answer));
        Assert.Equal(2, again.Value!.SignOff.FindSlot(Business)!.Answers.Count);
        Expect.AppliedOneEvent(again.Value.Decide(governance, Ben, FinalDecisionKind.Approve, null, At.AddMinutes(10)).Outcome);
    }

    [Fact]
    public void ReRequest_ThenTheSameAnswerTwice_IsUnchangedTheSecondTime()
    {
        var item = Requested().Answer(Biz, Business, at: AnsweredAt);
        item = Applied(item.ReRequest(Model, Dev, [Business], Reason, At)).Answer(Biz, Business, at: At.AddMinutes(5));

        Expect.Unchanged(item.SubmitFeedback(Model, Biz, Business, FeedbackAnswerKind.Approve, null, At.AddMinutes(6)), item);
    }

    [Fact]
    public void ReRequest_CountsOnlyLaterApprovalsForTheTwoPersonRule()
    {
        var governance = HighOnly(new ReviewPolicy([], false, [], 2));
        var item = Requested(governance, RiskLevel.High)
            .Answer(Ops, ItOps, governance: governance, at: AnsweredAt)
            .Answer(Biz, Business, governance: governance, at: AnsweredAt);
        item = Applied(item.ReRequest(governance, Dev, [Business], Reason, At));

        var violation = Expect.Refused(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At.AddMinutes(5)), item, "policy-not-met");

        Assert.Contains("2 feedback approvals from distinct persons other than the owner and the final approver are needed, 1 so far", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReRequest_RestartsTheRemindersAnchoredAtTheReRequest()
    {
        var item = Requested().Answer(Biz, Business, at: AnsweredAt);
        Assert.DoesNotContain(ReminderPlanner.TargetsOf(item, Model), t => t.Slot == Business);

        var after = Applied(item.ReRequest(Model, Dev, [Business], Reason, At));

        var target = Assert.Single(ReminderPlanner.TargetsOf(after, Model), t => t.Slot == Business);
        Assert.Equal((Biz, At), (target.Person.Value, target.Anchor));
        Assert.All(ReminderPlanner.TargetsOf(after, Model).Where(t => t.Slot != Business), t => Assert.Equal(RequestedAt, t.Anchor));
    }

    [Fact]
    public void ReRequest_OfADelegatedSlot_ChasesTheDelegateFromTheReRequest()
    {
        var item = Applied(Requested().Delegate(Model, Biz, Business, Eve, T0.AddMinutes(90))).Answer(Eve, Business, at: AnsweredAt);

        var after = Applied(item.ReRequest(Model, Dev, [Business], Reason, At));

        var target = Assert.Single(ReminderPlanner.TargetsOf(after, Model), t => t.Slot == Business);
        Assert.Equal((Eve, At), (target.Person.Value, target.Anchor));
    }

    [Fact]
    public void ReRequest_MarksEarlierAnswersAndTheSlotOnTheCard()
    {
        var item = Requested().Answer(Biz, Business, FeedbackAnswerKind.MajorIssue, "Wrong label window.", at: AnsweredAt);
        item = Applied(item.ReRequest(Model, Dev, [Business], Reason, At)).Answer(Biz, Business, at: At.AddMinutes(5));

        var slot = SignOffViews.For(item, Model, Biz).Feedback.Single(s => s.Slot == Business);

        Assert.Equal(["before the re-request, not counted", null], slot.Answers.Select(a => a.Note));
        Assert.Equal($"asked again by {DevName} on 2026-03-02 12:00 UTC: {Reason}", ReaderTime.InUtc(slot.StatusText));
    }

    [Fact]
    public void ReRequest_OneSlotNamedTwice_AsksItOnce()
    {
        var change = Requested().ReRequest(Model, Dev, [Business, "business"], Reason, At);

        Assert.Equal(Business, Expect.AppliedOneEvent(change.Outcome).Slot);
        Assert.Single(change.Value!.SignOff.History);
    }

    [Fact]
    public void ReRequest_ASlotNotRequested_IsRefused()
    {
        var item = Applied(Registered().RequestFeedback(Model, Dev, [ItOps], RequestedAt));

        var violation = Expect.Refused(item.ReRequest(Model, Dev, [Business], Reason, At), item, "slot-not-requested");

        Assert.Equal(
            $"Feedback on {Business} is not requested, so there is nothing to withdraw or ask again; use request-feedback or request-final.",
            violation.Message);
    }

    [Fact]
    public void ReRequest_WithNoCategoryNamed_IsRefusedAsNothingChanged()
    {
        var item = Requested();

        Expect.Refused(item.ReRequest(Model, Dev, [], Reason, At), item, "nothing-changed");
    }

    [Fact]
    public void ReRequest_AnUnknownCategory_IsRefused()
    {
        var item = Requested();

        Expect.Refused(item.ReRequest(Model, Dev, ["Legal"], Reason, At), item, "unknown-category");
    }

    [Fact]
    public void ReRequest_WithAnOverLongReason_IsRefused()
    {
        var item = Requested();

        Expect.Refused(item.ReRequest(Model, Dev, [Business], new string('x', TextLimits.Reason + 1), At), item, "reason-too-long");
    }

    [Theory]
    [InlineData(Ben)]
    [InlineData(Biz)]
    [InlineData(Eve)]
    public void ReRequest_ByAnyoneButTheItemOrAProjectOwner_IsRefused(string actor)
    {
        var item = Requested();

        var violation = Expect.Refused(item.ReRequest(Model, actor, [Business], Reason, At), item, "not-item-or-project-owner");

        Assert.Equal("Only the item owner (dev@example.com) or a project owner can ask for feedback again.", violation.Message);
    }

    [Theory]
    [InlineData(SignOffState.Approved, "sign-off-closed")]
    [InlineData(SignOffState.Rejected, "sign-off-locked")]
    [InlineData(SignOffState.Abandoned, "sign-off-locked")]
    public void ReRequest_OnceTheSignOffEnded_IsRefused(SignOffState state, string rule)
    {
        var item = InState(state);

        Expect.Refused(item.ReRequest(Model, Dev, [Business], Reason, At), item, rule);
    }
}
