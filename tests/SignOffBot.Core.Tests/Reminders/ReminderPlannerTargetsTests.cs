using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Reminders;

public sealed class ReminderPlannerTargetsTests
{
    private static readonly DateTimeOffset RequestedAt = T0.AddHours(1);
    private static readonly DateTimeOffset FinalAt = T0.AddHours(5);

    /// <summary>Owned by ana, a project owner who is also in group model-risk; feedback requested on every category at <see cref="RequestedAt"/>.</summary>
    private static Item Requested(string owner = Ana) =>
        Applied(Registered(owner: owner).RequestFeedback(Model, owner, [], RequestedAt));

    private static Item FinalRequested(string owner = Ana) =>
        Applied(Requested(owner).RequestFinal(Model, owner, FinalAt));

    private static List<ReminderTarget> For(Item item, string slot) =>
        ReminderPlanner.TargetsOf(item, Model).Where(t => t.Slot == slot).ToList();

    [Fact]
    public void A_not_started_sign_off_has_no_targets()
    {
        Assert.Empty(ReminderPlanner.TargetsOf(Registered(), Model));
    }

    [Fact]
    public void Each_requested_slot_reminds_its_assignees_from_the_request()
    {
        var targets = ReminderPlanner.TargetsOf(Requested(owner: Dev), Model);

        Assert.All(targets, t => Assert.Equal("feedback", t.Kind.Name));
        Assert.All(targets, t => Assert.Equal(RequestedAt, t.Anchor));
        Assert.All(targets, t => Assert.Equal(Key.ToString(), t.Item));
        Assert.Equal([Ops], For(Requested(owner: Dev), ItOps).Select(t => t.Person.Value));
        Assert.Equal([Biz], For(Requested(owner: Dev), Business).Select(t => t.Person.Value));
        Assert.Equal([Ben, Chen, Ana], For(Requested(owner: Dev), RiskCompliance).Select(t => t.Person.Value));
        Assert.Equal(5, targets.Count);
        Assert.Equal($"{Key}|{ItOps}|{Ops}", targets.Single(t => t.Person.Value == Ops).Id);
    }

    [Fact]
    public void A_group_slot_reminds_every_member_except_the_item_owner()
    {
        var targets = For(Requested(owner: Ana), RiskCompliance);
        Assert.Equal([Ben, Chen], targets.Select(t => t.Person.Value));
    }

    [Fact]
    public void Only_the_requested_slots_are_reminded()
    {
        var item = Applied(Registered(owner: Dev).RequestFeedback(Model, Dev, [Business], RequestedAt));
        var target = Assert.Single(ReminderPlanner.TargetsOf(item, Model));
        Assert.Equal((Business, Biz), (target.Slot, target.Person.Value));
    }

    [Fact]
    public void A_slot_requested_without_a_time_is_skipped()
    {
        Assert.Empty(ReminderPlanner.TargetsOf(FeedbackRequested(), Model));
    }

    [Fact]
    public void A_delegated_slot_reminds_only_its_delegate_from_the_delegation()
    {
        var delegatedAt = T0.AddHours(3);
        var item = Applied(Requested().Delegate(Model, Ops, ItOps, Eve, delegatedAt));

        var target = Assert.Single(For(item, ItOps));
        Assert.Equal(Eve, target.Person.Value);
        Assert.Equal(delegatedAt, target.Anchor);

        // The other slots keep their own schedule.
        Assert.All(For(item, Business), t => Assert.Equal(RequestedAt, t.Anchor));
    }

    [Fact]
    public void A_slot_delegated_twice_is_anchored_at_the_latest_delegation()
    {
        var item = Applied(Requested().Delegate(Model, Ops, ItOps, Eve, T0.AddHours(3)));
        item = Applied(item.Delegate(Model, Eve, ItOps, Dev, T0.AddHours(4)));

        var target = Assert.Single(For(item, ItOps));
        Assert.Equal((Dev, T0.AddHours(4)), (target.Person.Value, target.Anchor));
    }

    [Fact]
    public void An_answered_slot_has_no_targets_any_more()
    {
        var item = Requested().Answer(Ops, ItOps).Answer(Ben, RiskCompliance, FeedbackAnswerKind.MinorIssue, "Check drift.");

        Assert.Empty(For(item, ItOps));
        Assert.Empty(For(item, RiskCompliance)); // one member's answer settles the group slot
        Assert.Single(For(item, Business));
    }

    [Fact]
    public void Final_is_only_reminded_once_requested_and_never_to_the_owner()
    {
        Assert.Empty(For(Requested(), SlotNames.Final));

        var item = FinalRequested(owner: Ana);
        var targets = For(item, SlotNames.Final);
        Assert.Equal([Ben, Chen], targets.Select(t => t.Person.Value));
        Assert.All(targets, t => Assert.Equal("final", t.Kind.Name));
        Assert.All(targets, t => Assert.Equal(FinalAt, t.Anchor));

        // Unanswered feedback is still chased while the final approval is pending.
        Assert.NotEmpty(For(item, ItOps));
    }

    [Fact]
    public void A_delegated_final_reminds_only_its_delegate_from_the_delegation()
    {
        var delegatedAt = T0.AddHours(6);
        var item = Applied(FinalRequested().Delegate(Model, Ben, SlotNames.Final, OnCall, delegatedAt));

        var target = Assert.Single(For(item, SlotNames.Final));
        Assert.Equal((OnCall, delegatedAt), (target.Person.Value, target.Anchor));
    }

    [Fact]
    public void Final_requested_without_a_time_is_skipped()
    {
        var item = Applied(Requested().RequestFinal(Model, Ana));
        Assert.Empty(For(item, SlotNames.Final));
    }

    [Theory]
    [InlineData(FinalDecisionKind.Approve, null)]
    [InlineData(FinalDecisionKind.Reject, RejectComment)]
    [InlineData(FinalDecisionKind.Abandon, AbandonComment)]
    public void An_ended_sign_off_has_no_targets(FinalDecisionKind decision, string? comment)
    {
        var item = Applied(FinalRequested().Decide(Model, Ben, decision, comment, FinalAt.AddHours(1)));
        Assert.False(item.SignOff.IsOpen);
        Assert.Empty(ReminderPlanner.TargetsOf(item, Model));
    }

    private static Bypass Bypass(BypassStatus status, IncidentReview? review) => new(
        "byp-1",
        Key,
        Prod,
        "INC-77",
        4,
        Dev,
        T0,
        status,
        status == BypassStatus.Pending ? null : OnCall,
        status == BypassStatus.Pending ? null : T0.AddMinutes(10),
        status == BypassStatus.Granted ? T0.AddHours(4).AddMinutes(10) : null,
        review);

    private static IncidentReview OpenReview => new(Dev, T0.AddHours(48), null, null, null);

    [Fact]
    public void A_granted_bypass_with_an_open_review_chases_the_review_owner_from_the_grant()
    {
        var target = Assert.Single(ReminderPlanner.TargetsOf(Bypass(BypassStatus.Granted, OpenReview)), t => t.Kind.Name == "incident-review");
        Assert.Equal("byp-1", target.Slot);
        Assert.Equal(Dev, target.Person.Value);
        Assert.Equal(Key.ToString(), target.Item);
        Assert.Equal(T0.AddMinutes(10), target.Anchor);
        Assert.Equal($"{Key}|byp-1|{Dev}", target.Id);
    }

    [Fact]
    public void A_granted_bypass_is_due_once_when_it_expires_whatever_the_working_hours()
    {
        var expiry = Assert.Single(ReminderPlanner.TargetsOf(Bypass(BypassStatus.Granted, OpenReview)), t => t.Kind == ReminderKind.BypassExpiry);
        var expiresAt = T0.AddHours(4).AddMinutes(10);
        Assert.Equal(Dev, expiry.Person.Value);
        Assert.Equal(expiresAt, expiry.Anchor);
        Assert.Equal($"{Key}|byp-1|expiry", expiry.Id);
        var zone = ReminderSchedule.ZoneOf(Dev, Model);
        Assert.Equal(expiresAt, ReminderSchedule.NextDue(expiry, 0, ReminderSettings.Default, zone));
        Assert.Null(ReminderSchedule.NextDue(expiry, 1, ReminderSettings.Default, zone));
        Assert.False(ReminderSchedule.IsEscalation(expiry, 0, ReminderSettings.Default, zone));
    }

    [Fact]
    public void Closed_reviews_and_bypasses_not_granted_are_not_chased()
    {
        var closed = OpenReview with { Link = "https://wiki.example.com/pir/77", ClosedBy = Dev, ClosedAt = T0.AddHours(20) };
        Assert.DoesNotContain(ReminderPlanner.TargetsOf(Bypass(BypassStatus.Granted, closed)), t => t.Kind.Name == "incident-review");
        Assert.Empty(ReminderPlanner.TargetsOf(Bypass(BypassStatus.Pending, null)));
        Assert.Empty(ReminderPlanner.TargetsOf(Bypass(BypassStatus.Denied, null)));
        Assert.DoesNotContain(ReminderPlanner.TargetsOf(Bypass(BypassStatus.Granted, null)), t => t.Kind.Name == "incident-review");
    }

    [Fact]
    public void A_target_reminded_in_its_own_zone()
    {
        // Ben (New York) on the group slot requested Monday 2 March 2026 10:00 UTC: nominal Tuesday 10:00 UTC
        // is 05:00 in New York, so the first reminder waits for 09:00 EST = 14:00 UTC. For Chen (Singapore, UTC+8)
        // it is 18:00, the exclusive end of the day, so it waits for Wednesday 09:00 SGT = 01:00 UTC.
        var targets = For(Requested(), RiskCompliance);
        var ben = targets.Single(t => t.Person.Value == Ben);
        var chen = targets.Single(t => t.Person.Value == Chen);

        Assert.Equal(
            new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.Zero),
            ReminderSchedule.NextDue(ben, 0, ReminderSettings.Default, ReminderSchedule.ZoneOf(ben.Person, Model)));
        Assert.Equal(
            new DateTimeOffset(2026, 3, 4, 1, 0, 0, TimeSpan.Zero),
            ReminderSchedule.NextDue(chen, 0, ReminderSettings.Default, ReminderSchedule.ZoneOf(chen.Person, Model)));
    }
}
