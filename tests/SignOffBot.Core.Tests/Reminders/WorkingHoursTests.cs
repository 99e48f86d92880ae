using SignOffBot.Core.Reminders;

namespace SignOffBot.Core.Tests.Reminders;

public sealed class WorkingHoursTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static readonly ReminderSettings Settings = ReminderSettings.Default;

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Default_settings_are_24h_24h_3_times_9_to_18_monday_to_friday()
    {
        Assert.Equal(TimeSpan.FromHours(24), Settings.FirstAfter);
        Assert.Equal(TimeSpan.FromHours(24), Settings.Every);
        Assert.Equal(3, Settings.MaxCount);
        Assert.Equal(new TimeOnly(9, 0), Settings.WorkStart);
        Assert.Equal(new TimeOnly(18, 0), Settings.WorkEnd);
        Assert.Equal(
            new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }.OrderBy(d => d),
            Settings.WorkDays.OrderBy(d => d));
    }

    [Fact]
    public void An_instant_inside_working_hours_stays_where_it_is()
    {
        // Tuesday 3 March 2026, 10:00 in Paris (UTC+1).
        var at = Utc(3, 3, 9);
        var moved = WorkingHours.NextWorkingMoment(at, Paris, Settings);
        Assert.Equal(at, moved);
        Assert.Equal(TimeSpan.FromHours(1), moved.Offset);
    }

    [Fact]
    public void The_start_is_inclusive_and_the_end_exclusive()
    {
        // 09:00 Paris on Tuesday is inside; 18:00 Paris is outside and moves to Wednesday 09:00.
        Assert.Equal(Utc(3, 3, 8), WorkingHours.NextWorkingMoment(Utc(3, 3, 8), Paris, Settings));
        Assert.Equal(Utc(3, 4, 8), WorkingHours.NextWorkingMoment(Utc(3, 3, 17), Paris, Settings));
        Assert.Equal(Utc(3, 3, 16, 59), WorkingHours.NextWorkingMoment(Utc(3, 3, 16, 59), Paris, Settings));
    }

    [Fact]
    public void Early_morning_moves_to_the_same_day_start()
    {
        // Tuesday 3 March, 06:00 Paris → 09:00 Paris = 08:00 UTC.
        Assert.Equal(Utc(3, 3, 8), WorkingHours.NextWorkingMoment(Utc(3, 3, 5), Paris, Settings));
    }

    [Fact]
    public void Friday_evening_moves_to_monday_morning_local_in_each_zone()
    {
        // Friday 6 March 2026, 19:00 Paris = 18:00 UTC → Monday 9 March 09:00 Paris = 08:00 UTC.
        Assert.Equal(Utc(3, 9, 8), WorkingHours.NextWorkingMoment(Utc(3, 6, 18), Paris, Settings));

        // Friday 6 March 2026, 19:00 Tokyo = 10:00 UTC → Monday 9 March 09:00 Tokyo = 00:00 UTC.
        Assert.Equal(Utc(3, 9, 0), WorkingHours.NextWorkingMoment(Utc(3, 6, 10), Tokyo, Settings));

        // Friday 6 March 2026, 19:00 New York (EST, UTC-5) = Saturday 00:00 UTC. US DST starts Sunday 8 March,
        // so Monday 9 March 09:00 New York is EDT (UTC-4) = 13:00 UTC.
        var monday = WorkingHours.NextWorkingMoment(Utc(3, 7, 0), NewYork, Settings);
        Assert.Equal(Utc(3, 9, 13), monday);
        Assert.Equal(TimeSpan.FromHours(-4), monday.Offset);
    }

    [Fact]
    public void The_same_instant_is_working_time_in_one_zone_and_not_in_another()
    {
        // Tuesday 3 March 2026, 12:00 UTC: 13:00 in Paris (working), 21:00 in Tokyo (after hours).
        var at = Utc(3, 3, 12);
        Assert.Equal(at, WorkingHours.NextWorkingMoment(at, Paris, Settings));
        Assert.Equal(Utc(3, 4, 0), WorkingHours.NextWorkingMoment(at, Tokyo, Settings));
    }

    [Fact]
    public void Spring_forward_sunday_moves_to_monday_nine_in_summer_time()
    {
        // Sunday 29 March 2026, 01:30 UTC = 03:30 CEST, just after the skipped hour 02:00–03:00 in Paris.
        // Monday 30 March 09:00 CEST (UTC+2) = 07:00 UTC, one hour earlier in UTC than the Monday before.
        var moved = WorkingHours.NextWorkingMoment(Utc(3, 29, 1, 30), Paris, Settings);
        Assert.Equal(Utc(3, 30, 7), moved);
        Assert.Equal(TimeSpan.FromHours(2), moved.Offset);
        Assert.Equal(Utc(3, 23, 8), WorkingHours.NextWorkingMoment(Utc(3, 22, 1, 30), Paris, Settings));
    }

    [Fact]
    public void Fall_back_sunday_moves_to_monday_nine_in_winter_time()
    {
        // Sunday 25 October 2026, 01:30 UTC: Paris repeats 02:00–03:00. Monday 26 October 09:00 CET = 08:00 UTC.
        var moved = WorkingHours.NextWorkingMoment(Utc(10, 25, 1, 30), Paris, Settings);
        Assert.Equal(Utc(10, 26, 8), moved);
        Assert.Equal(TimeSpan.FromHours(1), moved.Offset);
    }

    [Fact]
    public void A_working_start_inside_the_skipped_hour_becomes_the_end_of_the_gap()
    {
        var nightShift = Settings with
        {
            WorkStart = new TimeOnly(2, 30),
            WorkEnd = new TimeOnly(6, 0),
            WorkDays = Enum.GetValues<DayOfWeek>().ToHashSet(),
        };

        // Sunday 29 March 2026, 00:30 UTC = 01:30 CET; 02:30 does not exist that night in Paris,
        // the clocks jump from 02:00 CET to 03:00 CEST = 01:00 UTC.
        var moved = WorkingHours.NextWorkingMoment(Utc(3, 29, 0, 30), Paris, nightShift);
        Assert.Equal(Utc(3, 29, 1), moved);
        Assert.Equal(new TimeOnly(3, 0), TimeOnly.FromDateTime(moved.DateTime));
    }

    [Fact]
    public void A_working_start_inside_the_repeated_hour_is_its_first_occurrence()
    {
        var nightShift = Settings with
        {
            WorkStart = new TimeOnly(2, 30),
            WorkEnd = new TimeOnly(6, 0),
            WorkDays = Enum.GetValues<DayOfWeek>().ToHashSet(),
        };

        // Sunday 25 October 2026, 00:00 UTC = 02:00 CEST; 02:30 happens twice, first at 02:30 CEST = 00:30 UTC.
        Assert.Equal(Utc(10, 25, 0, 30), WorkingHours.NextWorkingMoment(Utc(10, 25, 0), Paris, nightShift));
    }

    [Fact]
    public void Settings_without_working_days_are_refused()
    {
        var none = Settings with { WorkDays = new HashSet<DayOfWeek>() };
        Assert.Throws<ArgumentException>(() => WorkingHours.NextWorkingMoment(Utc(3, 3, 9), Paris, none));
    }
}
