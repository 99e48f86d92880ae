using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Items;

/// <summary>Issue 14: <c>withdraw &lt;item&gt; &lt;category…|final&gt; --reason …</c> un-requests slots (item or project owner).</summary>
public sealed class WithdrawTests
{
    private const string Reason = "Sent to the wrong category.";
    private static readonly DateTimeOffset RequestedAt = T0.AddHours(1);
    private static readonly DateTimeOffset FinalAt = T0.AddHours(2);
    private static readonly DateTimeOffset At = T0.AddHours(3);

    /// <summary>Feedback on every category requested at <see cref="RequestedAt"/>, so the reminders have an anchor.</summary>
    private static Item Requested(GovernanceModel? governance = null) =>
        Applied(Registered(governance).RequestFeedback(governance ?? Model, Dev, [], RequestedAt));

    private static Item FinalRequested() => Applied(Requested().RequestFinal(Model, Dev, FinalAt));

    [Fact]
    public void Withdraw_AFeedbackSlot_PutsItBackToNotRequestedWithOneEvent()
    {
        var item = Requested();

        var change = item.Withdraw(Model, Dev, [Business], $"  {Reason} ", At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(new DomainEvent(AuditActions.Withdrawn, "fraud-detection/churn-xgb@7", Business, null, Reason), e);
        var after = change.Value!;
        var slot = after.SignOff.FindSlot(Business)!;
        Assert.False(slot.Requested);
        Assert.Null(slot.RequestedAt);
        Assert.True(after.SignOff.FindSlot(ItOps)!.Requested);
        Assert.Equal(SignOffState.FeedbackRequested, after.SignOff.State);
        Assert.Equal(new SignOffChange(SignOffChangeKind.Withdrawn, Business, Dev, Reason, At), Assert.Single(after.SignOff.History));
    }

    [Fact]
    public void Withdraw_StopsTheRemindersOfTheSlotOnly()
    {
        var item = Requested();
        Assert.Contains(ReminderPlanner.TargetsOf(item, Model), t => t.Slot == Business);

        var after = Applied(item.Withdraw(Model, Dev, [Business], Reason, At));

        var targets = ReminderPlanner.TargetsOf(after, Model);
        Assert.DoesNotContain(targets, t => t.Slot == Business);
        Assert.Contains(targets, t => t.Slot == ItOps);
        Assert.Contains(targets, t => t.Slot == RiskCompliance);
    }

    [Fact]
    public void Withdraw_ShowsTheSlotWithdrawnWithTheReasonOnTheCard()
    {
        var after = Applied(Requested().Withdraw(Model, Dev, [Business], Reason, At));

        var view = SignOffViews.For(after, Model, Biz);

        var slot = view.Feedback.Single(s => s.Slot == Business);
        Assert.Equal($"withdrawn by {DevName} on 2026-03-02 12:00 UTC: {Reason}", ReaderTime.InUtc(slot.StatusText));
        Assert.Equal("requested", view.Feedback.Single(s => s.Slot == ItOps).StatusText);
        Assert.Empty(view.Actions);
    }

    [Fact]
    public void Withdraw_LeavesTheSlotUnanswerableUntilRequestedAgain()
    {
        var after = Applied(Requested().Withdraw(Model, Dev, [Business], Reason, At));

        Expect.Refused(after.SubmitFeedback(Model, Biz, Business, FeedbackAnswerKind.Approve, null, At.AddMinutes(1)), after, "feedback-not-requested");
    }

    [Fact]
    public void Withdraw_EveryRequestedSlot_TakesTheSignOffBackToNotStarted()
    {
        var change = Requested().Withdraw(Model, Ana, [ItOps, RiskCompliance, Business], Reason, At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal($"{ItOps}, {RiskCompliance}, {Business}", e.Slot);
        Assert.Equal(SignOffState.NotStarted, change.Value!.SignOff.State);
        Assert.Equal(3, change.Value.SignOff.History.Count);
        Assert.Empty(ReminderPlanner.TargetsOf(change.Value, Model));
    }

    [Fact]
    public void Withdraw_TheFinalApproval_GoesBackToFeedbackRequested()
    {
        var item = FinalRequested();
        Assert.Contains(ReminderPlanner.TargetsOf(item, Model), t => t.Slot == SlotNames.Final);

        var change = item.Withdraw(Model, Dev, ["Final"], Reason, At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal((AuditActions.Withdrawn, SlotNames.Final, Reason), (e.Action, e.Slot, e.Comment));
        Assert.Equal(SignOffState.FeedbackRequested, change.Value!.SignOff.State);
        Assert.Null(change.Value.SignOff.FinalRequestedAt);
        Assert.DoesNotContain(ReminderPlanner.TargetsOf(change.Value, Model), t => t.Slot == SlotNames.Final);
        Assert.Contains(
            $"Final approval request withdrawn by {DevName} on 2026-03-02 12:00 UTC: {Reason}",
            SignOffViews.For(change.Value, Model, null).ChangeLines.Select(ReaderTime.InUtc));
    }

    [Fact]
    public void Withdraw_TheFinalApprovalWithoutFeedback_GoesBackToNotStarted()
    {
        var item = Applied(Registered().RequestFinal(Model, Dev, FinalAt));

        var after = Applied(item.Withdraw(Model, Dev, [SlotNames.Final], Reason, At));

        Assert.Equal(SignOffState.NotStarted, after.SignOff.State);
        Expect.Refused(after.Decide(Model, Ben, FinalDecisionKind.Approve, null, At.AddMinutes(1)), after, "final-not-requested");
    }

    [Fact]
    public void Withdraw_TheFinalApprovalAndTheLastFeedbackSlotsTogether_GoesBackToNotStarted()
    {
        var after = Applied(FinalRequested().Withdraw(Model, Dev, [SlotNames.Final, ItOps, RiskCompliance, Business], Reason, At));

        Assert.Equal(SignOffState.NotStarted, after.SignOff.State);
    }

    [Fact]
    public void Withdraw_MakesEarlierAnswersOfTheSlotStopCountingEvenWhenRequestedAgain()
    {
        var governance = WithPolicy(RiskLevel.Low, new ReviewPolicy([ItOps], false, [], 0));
        var item = Requested(governance).Answer(Ops, ItOps, governance: governance, at: RequestedAt.AddMinutes(10));
        item = Applied(item.Withdraw(governance, Dev, [ItOps], Reason, At));
        item = Applied(item.RequestFeedback(governance, Dev, [ItOps], At.AddMinutes(5)));

        var violation = Expect.Refused(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At.AddMinutes(10)), item, "policy-not-met");

        Assert.Contains($"feedback on {ItOps} has no answer yet", violation.Message, StringComparison.Ordinal);
        var answer = Assert.Single(SignOffViews.For(item, governance, null).Feedback.Single(s => s.Slot == ItOps).Answers);
        Assert.Equal("before the withdrawal, not counted", answer.Note);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Withdraw_WithoutAReason_IsRefused(string? reason)
    {
        var item = Requested();

        var violation = Expect.Refused(item.Withdraw(Model, Dev, [Business], reason, At), item, "reason-required");

        Assert.Equal(RefusalKind.Invalid, violation.Kind);
        Assert.Equal("A reason is required to withdraw a review request (--reason …).", violation.Message);
    }

    [Fact]
    public void Withdraw_WithAnOverLongReason_IsRefused()
    {
        var item = Requested();

        Expect.Refused(item.Withdraw(Model, Dev, [Business], new string('x', TextLimits.Reason + 1), At), item, "reason-too-long");
    }

    [Fact]
    public void Withdraw_ASlotNotRequested_IsRefused()
    {
        var item = Applied(Registered().RequestFeedback(Model, Dev, [ItOps], RequestedAt));

        var violation = Expect.Refused(item.Withdraw(Model, Dev, [ItOps, Business], Reason, At), item, "slot-not-requested");

        Assert.Equal(RefusalKind.Conflict, violation.Kind);
        Assert.StartsWith($"Feedback on {Business} is not requested", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SignOffState.NotStarted)]
    [InlineData(SignOffState.FeedbackRequested)]
    public void Withdraw_TheFinalApprovalNotRequested_IsRefused(SignOffState state)
    {
        var item = InState(state);

        var violation = Expect.Refused(item.Withdraw(Model, Dev, [SlotNames.Final], Reason, At), item, "slot-not-requested");

        Assert.StartsWith("The final approval is not requested", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Withdraw_AnUnknownCategory_IsRefused()
    {
        var item = Requested();

        Expect.Refused(item.Withdraw(Model, Dev, ["Legal"], Reason, At), item, "unknown-category");
    }

    [Fact]
    public void Withdraw_WithNoSlotNamed_IsRefusedAsNothingChanged()
    {
        var item = Requested();

        Expect.Refused(item.Withdraw(Model, Dev, [], Reason, At), item, "nothing-changed");
    }

    [Fact]
    public void Withdraw_ASlotNamedTwiceInTwoSpellings_WithdrawsItOnce()
    {
        var change = Requested().Withdraw(Model, Dev, [ItOps, "it-operations"], Reason, At);

        Assert.Equal(ItOps, Expect.AppliedOneEvent(change.Outcome).Slot);
        Assert.Single(change.Value!.SignOff.History);
    }

    [Theory]
    [InlineData(Ben)]
    [InlineData(Biz)]
    [InlineData(Eve)]
    public void Withdraw_ByAnyoneButTheItemOrAProjectOwner_IsRefused(string actor)
    {
        var item = Requested();

        var violation = Expect.Refused(item.Withdraw(Model, actor, [Business], Reason, At), item, "not-item-or-project-owner");

        Assert.Equal("Only the item owner (dev@example.com) or a project owner can withdraw a review request.", violation.Message);
    }

    [Fact]
    public void Withdraw_ByAProjectOwner_IsAccepted()
    {
        Expect.AppliedOneEvent(Requested().Withdraw(Model, Ana, [Business], Reason, At).Outcome);
    }

    [Theory]
    [InlineData(SignOffState.Approved, "sign-off-closed")]
    [InlineData(SignOffState.Rejected, "sign-off-locked")]
    [InlineData(SignOffState.Abandoned, "sign-off-locked")]
    public void Withdraw_OnceTheSignOffEnded_IsRefused(SignOffState state, string rule)
    {
        var item = InState(state);

        Expect.Refused(item.Withdraw(Model, Dev, [SlotNames.Final], Reason, At), item, rule);
    }
}
