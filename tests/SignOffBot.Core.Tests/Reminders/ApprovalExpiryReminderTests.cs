using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Reminders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Reminders;

/// <summary>Issue 14: the owners are reminded before an approval expires (Reminders:RecertifyNoticeBefore), then at the expiry.</summary>
public sealed class ApprovalExpiryReminderTests
{
    private static readonly ReminderSettings Settings = ReminderSettings.Default;

    /// <summary>Approved at T0 + 1 h (Monday 2 March 2026, 10:00 UTC), valid 180 days: until Saturday 29 August 2026, 10:00 UTC.</summary>
    private static readonly DateTimeOffset ExpiresAt = new(2026, 8, 29, 10, 0, 0, TimeSpan.Zero);

    private static GovernanceModel Expiring { get; } = WithPolicy(RiskLevel.Low, ReviewPolicy.Empty with { ApprovalValidFor = TimeSpan.FromDays(180) });

    private static Item Approved(GovernanceModel? governance = null) => InState(SignOffState.Approved, governance ?? Expiring);

    private static ReminderTarget ExpiryTarget() => Assert.Single(ReminderPlanner.TargetsOf(Approved(), Expiring));

    [Fact]
    public void An_approved_item_with_a_validity_has_one_expiry_target_for_its_owner()
    {
        var target = ExpiryTarget();

        Assert.Equal(ReminderKind.ApprovalExpiry, target.Kind);
        Assert.Equal("approval-expiry", target.Kind.Name);
        Assert.Equal((Key.ToString(), SlotNames.Final, Dev, ExpiresAt), (target.Item, target.Slot, target.Person.Value, target.Anchor));
        Assert.Equal($"{Key}|final|expiry", target.Id);
    }

    [Fact]
    public void Approvals_that_never_expire_and_ended_sign_offs_have_no_targets()
    {
        Assert.Empty(ReminderPlanner.TargetsOf(Approved(Model), Model));
        Assert.Empty(ReminderPlanner.TargetsOf(InState(SignOffState.Rejected, Expiring), Expiring));
        Assert.Empty(ReminderPlanner.TargetsOf(InState(SignOffState.Abandoned, Expiring), Expiring));
    }

    [Fact]
    public void A_recertified_item_is_chased_for_its_final_approval_not_for_the_expiry()
    {
        var recertified = Applied(Approved().Recertify(Expiring, Dev, false, ExpiresAt.AddDays(1)));

        var targets = ReminderPlanner.TargetsOf(recertified, Expiring);

        Assert.DoesNotContain(targets, t => t.Kind == ReminderKind.ApprovalExpiry);
        Assert.Equal([Ben, Chen, Ana], targets.Where(t => t.Kind == ReminderKind.Final).Select(t => t.Person.Value));
        Assert.All(targets.Where(t => t.Kind == ReminderKind.Final), t => Assert.Equal(ExpiresAt.AddDays(1), t.Anchor));
    }

    [Fact]
    public void The_notice_comes_RecertifyNoticeBefore_the_expiry_in_working_hours_then_the_expiry_then_nothing()
    {
        var target = ExpiryTarget();
        var london = ReminderSchedule.ZoneOf(Dev, Expiring);

        // 14 days before is Saturday 15 August 10:00 UTC: moved to Monday 17 August 09:00 in London (BST) = 08:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 8, 17, 8, 0, 0, TimeSpan.Zero), ReminderSchedule.NextDue(target, 0, Settings, london));
        Assert.Equal(ExpiresAt, ReminderSchedule.NextDue(target, 1, Settings, london));
        Assert.Null(ReminderSchedule.NextDue(target, 2, Settings, london));
        Assert.False(ReminderSchedule.IsEscalation(target, 0, Settings, london));
        Assert.False(ReminderSchedule.IsEscalation(target, 1, Settings, london));
    }

    [Fact]
    public void A_notice_inside_working_hours_is_due_exactly_RecertifyNoticeBefore_the_expiry()
    {
        var target = ExpiryTarget() with { Anchor = new DateTimeOffset(2026, 8, 27, 12, 0, 0, TimeSpan.Zero) };
        var settings = Settings with { RecertifyNoticeBefore = TimeSpan.FromDays(2) };

        Assert.Equal(new DateTimeOffset(2026, 8, 25, 12, 0, 0, TimeSpan.Zero), ReminderSchedule.NextDue(target, 0, settings, TimeZoneInfo.Utc));
        Assert.Equal(target.Anchor, ReminderSchedule.NextDue(target, 1, settings, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Without_a_notice_period_only_the_expiry_is_due()
    {
        var target = ExpiryTarget();
        var settings = Settings with { RecertifyNoticeBefore = TimeSpan.Zero };

        Assert.Equal(ExpiresAt, ReminderSchedule.NextDue(target, 0, settings, TimeZoneInfo.Utc));
        Assert.Null(ReminderSchedule.NextDue(target, 1, settings, TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_notice_that_working_hours_would_push_past_the_expiry_is_dropped()
    {
        // One hour before Saturday 10:00 is still Saturday: the next working moment (Monday) is after the expiry.
        var target = ExpiryTarget();
        var settings = Settings with { RecertifyNoticeBefore = TimeSpan.FromHours(1) };

        Assert.Equal(ExpiresAt, ReminderSchedule.NextDue(target, 0, settings, TimeZoneInfo.Utc));
        Assert.Null(ReminderSchedule.NextDue(target, 1, settings, TimeZoneInfo.Utc));
    }
}
