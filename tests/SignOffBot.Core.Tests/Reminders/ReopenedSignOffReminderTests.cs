using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Reminders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Reminders;

/// <summary>
/// Issue 14: a revocation or a re-certification reopens an approved sign-off. Its open slots are chased again from the
/// reopening, not from a request months ago (which would send every reminder and the overdue notice at once).
/// </summary>
public sealed class ReopenedSignOffReminderTests
{
    private static readonly DateTimeOffset RequestedAt = T0.AddHours(1);
    private static readonly DateTimeOffset ApprovedAt = T0.AddHours(2);
    private static readonly DateTimeOffset ReopenedAt = T0.AddDays(200);

    private static GovernanceModel Expiring { get; } = WithPolicy(RiskLevel.Low, ReviewPolicy.Empty with { ApprovalValidFor = TimeSpan.FromDays(180) });

    /// <summary>Feedback requested at <see cref="RequestedAt"/>, only IT &amp; Operations answered (feedback is optional), approved.</summary>
    private static Item ApprovedWithFeedbackUnanswered(GovernanceModel governance, bool delegateFinal = false)
    {
        var item = Applied(Registered(governance).RequestFeedback(governance, Dev, [], RequestedAt)).Answer(Ops, ItOps, governance: governance, at: RequestedAt.AddMinutes(5));
        item = Applied(item.RequestFinal(governance, Dev, RequestedAt.AddMinutes(10)));
        if (delegateFinal)
        {
            item = Applied(item.Delegate(governance, Ben, SlotNames.Final, OnCall, RequestedAt.AddMinutes(20)));
        }

        return Applied(item.Decide(governance, delegateFinal ? OnCall : Ben, FinalDecisionKind.Approve, null, ApprovedAt));
    }

    [Fact]
    public void After_a_revocation_unanswered_feedback_is_chased_from_the_revocation()
    {
        var reopened = Applied(ApprovedWithFeedbackUnanswered(Model).Revoke(Model, Chen, "Finding.", ReopenedAt));

        var targets = ReminderPlanner.TargetsOf(reopened, Model);

        Assert.Equal([RiskCompliance, RiskCompliance, RiskCompliance, Business, "final", "final", "final"], targets.Select(t => t.Slot));
        Assert.All(targets, t => Assert.Equal(ReopenedAt, t.Anchor));
        var biz = targets.Single(t => t.Slot == Business);
        // Revoked Friday 18 September 2026, 09:00 UTC: the first reminder is on the next working day, Monday 21 September.
        Assert.Equal(new DateTimeOffset(2026, 9, 21, 9, 0, 0, TimeSpan.Zero), ReminderSchedule.NextDue(biz, 0, ReminderSettings.Default, TimeZoneInfo.Utc));
    }

    [Fact]
    public void After_a_recertification_unanswered_feedback_and_the_final_delegate_are_chased_from_it()
    {
        var reopened = Applied(ApprovedWithFeedbackUnanswered(Expiring, delegateFinal: true).Recertify(Expiring, Dev, false, ReopenedAt));

        var targets = ReminderPlanner.TargetsOf(reopened, Expiring);

        Assert.Contains(targets, t => (t.Slot, t.Person.Value) == (SlotNames.Final, OnCall));
        Assert.Contains(targets, t => t.Slot == Business);
        Assert.All(targets, t => Assert.Equal(ReopenedAt, t.Anchor));
    }

    [Fact]
    public void A_slot_asked_again_after_the_reopening_is_chased_from_that_later_moment()
    {
        var reopened = Applied(ApprovedWithFeedbackUnanswered(Model).Revoke(Model, Chen, "Finding.", ReopenedAt));
        var askedAgain = Applied(reopened.ReRequest(Model, Dev, [Business], null, ReopenedAt.AddDays(1)));

        var target = Assert.Single(ReminderPlanner.TargetsOf(askedAgain, Model), t => t.Slot == Business);

        Assert.Equal(ReopenedAt.AddDays(1), target.Anchor);
    }
}
