using SignOffBot.Core.Governance;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;

namespace SignOffBot.Core.Tests.Reminders;

public sealed class ReminderScheduleTests
{
    private static readonly ReminderSettings Settings = ReminderSettings.Default;

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static ReminderTarget Target(DateTimeOffset anchor, string person = Ana) =>
        new(ReminderKind.Parse("feedback"), TestItems.Key.ToString(), ItOps, new PersonId(person), anchor);

    [Fact]
    public void The_first_reminder_is_due_first_after_the_anchor()
    {
        // Requested Monday 2 March 2026 09:00 UTC (10:00 Paris): first reminder Tuesday 09:00 UTC.
        Assert.Equal(Utc(3, 3, 9), ReminderSchedule.NextDue(Target(TestItems.T0), 0, Settings, Paris));
    }

    [Fact]
    public void Reminders_repeat_every_interval_then_escalate_then_stop()
    {
        var target = Target(TestItems.T0);
        Assert.Equal(Utc(3, 4, 9), ReminderSchedule.NextDue(target, 1, Settings, Paris));
        Assert.Equal(Utc(3, 5, 9), ReminderSchedule.NextDue(target, 2, Settings, Paris));

        Assert.False(ReminderSchedule.IsEscalation(2, Settings));
        Assert.True(ReminderSchedule.IsEscalation(3, Settings));
        Assert.Equal(Utc(3, 6, 9), ReminderSchedule.NextDue(target, 3, Settings, Paris));

        Assert.Null(ReminderSchedule.NextDue(target, 4, Settings, Paris));
        Assert.False(ReminderSchedule.IsEscalation(4, Settings));
    }

    [Fact]
    public void Custom_intervals_and_counts_are_honoured()
    {
        var settings = Settings with { FirstAfter = TimeSpan.FromHours(2), Every = TimeSpan.FromHours(3), MaxCount = 1 };
        var target = Target(TestItems.T0);
        Assert.Equal(Utc(3, 2, 11), ReminderSchedule.NextDue(target, 0, settings, Paris));
        Assert.True(ReminderSchedule.IsEscalation(1, settings));
        Assert.Equal(Utc(3, 2, 14), ReminderSchedule.NextDue(target, 1, settings, Paris));
        Assert.Null(ReminderSchedule.NextDue(target, 2, settings, Paris));
    }

    [Fact]
    public void A_friday_evening_request_is_first_reminded_on_monday_nine_local()
    {
        // Requested Friday 6 March 2026, 18:30 Paris = 17:30 UTC; nominal Saturday → Monday 9 March 09:00 Paris = 08:00 UTC.
        Assert.Equal(Utc(3, 9, 8), ReminderSchedule.NextDue(Target(Utc(3, 6, 17, 30)), 0, Settings, Paris));

        // Requested Friday 6 March 2026, 18:30 Tokyo = 09:30 UTC; Monday 9 March 09:00 Tokyo = 00:00 UTC.
        Assert.Equal(Utc(3, 9, 0), ReminderSchedule.NextDue(Target(Utc(3, 6, 9, 30)), 0, Settings, Tokyo));
    }

    [Fact]
    public void One_anchor_gives_different_instants_in_two_zones()
    {
        // Anchor Monday 2 March 2026 12:00 UTC: nominal Tuesday 12:00 UTC is 13:00 in Paris (working)
        // but 21:00 in Tokyo, which waits for Wednesday 09:00 Tokyo = Wednesday 00:00 UTC.
        var target = Target(Utc(3, 2, 12));
        Assert.Equal(Utc(3, 3, 12), ReminderSchedule.NextDue(target, 0, Settings, Paris));
        Assert.Equal(Utc(3, 4, 0), ReminderSchedule.NextDue(target, 0, Settings, Tokyo));
    }

    [Fact]
    public void A_reminder_nominally_due_in_the_skipped_hour_moves_to_monday_nine_summer_time()
    {
        // Anchor Saturday 28 March 2026, 01:30 UTC (02:30 CET). Nominal Sunday 29 March 01:30 UTC, around the
        // Paris spring-forward (02:00 CET → 03:00 CEST): moved to Monday 30 March 09:00 CEST = 07:00 UTC.
        var due = ReminderSchedule.NextDue(Target(Utc(3, 28, 1, 30)), 0, Settings, Paris);
        Assert.Equal(Utc(3, 30, 7), due);
        Assert.Equal(TimeSpan.FromHours(2), due!.Value.Offset);
    }

    [Fact]
    public void A_reminder_nominally_due_on_the_fall_back_sunday_moves_to_monday_nine_winter_time()
    {
        // Anchor Saturday 24 October 2026, 10:00 UTC (12:00 CEST): nominal Sunday 25 October → Monday 26 October 09:00 CET = 08:00 UTC.
        Assert.Equal(Utc(10, 26, 8), ReminderSchedule.NextDue(Target(Utc(10, 24, 10)), 0, Settings, Paris));
    }

    [Fact]
    public void A_weekend_can_bring_consecutive_reminders_to_the_same_monday_but_never_earlier_than_nominal()
    {
        // Anchor Thursday 5 March 2026, 12:00 UTC (13:00 Paris). Reminder 1 Friday 12:00 UTC; reminders 2 (Saturday) and
        // 3 (Sunday) both move to Monday 09:00 Paris = 08:00 UTC; the escalation is nominal, Monday 12:00 UTC.
        var target = Target(Utc(3, 5, 12));
        Assert.Equal(Utc(3, 6, 12), ReminderSchedule.NextDue(target, 0, Settings, Paris));
        Assert.Equal(Utc(3, 9, 8), ReminderSchedule.NextDue(target, 1, Settings, Paris));
        Assert.Equal(Utc(3, 9, 8), ReminderSchedule.NextDue(target, 2, Settings, Paris));
        Assert.Equal(Utc(3, 9, 12), ReminderSchedule.NextDue(target, 3, Settings, Paris));
    }

    [Fact]
    public void Zone_of_a_person_is_their_iana_zone_and_utc_when_unknown()
    {
        Assert.Equal("America/New_York", ReminderSchedule.ZoneOf(Ben, Model).Id);
        Assert.Equal("Europe/Paris", ReminderSchedule.ZoneOf(Ana.ToUpperInvariant(), Model).Id);
        Assert.Equal(TimeZoneInfo.Utc, ReminderSchedule.ZoneOf("nobody@example.com", Model));

        var broken = new Governance.GovernanceModel(
            [new Governance.Person("zed@example.com", "Zed", null, null, "Mars/Olympus_Mons")], [], [], []);
        Assert.Equal(TimeZoneInfo.Utc, ReminderSchedule.ZoneOf("zed@example.com", broken));
    }

    [Fact]
    public void Escalation_goes_to_project_owners_and_every_final_approver_once()
    {
        var item = TestItems.Registered();
        var recipients = ReminderSchedule.EscalationRecipients(item, Model);

        // ana is both the project owner and a member of model-risk: listed once.
        Assert.Equal(3, recipients.Count);
        Assert.Equal([Ana, Ben, Chen], recipients.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Escalation_to_a_single_final_approver()
    {
        var governance = Build(finalApprover: new Governance.Assignee(Biz));
        var item = TestItems.Registered(governance);
        Assert.Equal([Ana, Biz], ReminderSchedule.EscalationRecipients(item, governance).Order(StringComparer.Ordinal));
    }
}
