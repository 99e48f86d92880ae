using System.Collections.Frozen;

namespace SignOffBot.Core.Reminders;

/// <summary>
/// When reminders go out: the first <see cref="FirstAfter"/> the chase started, then every <see cref="Every"/>,
/// at most <see cref="MaxCount"/> times, only between <see cref="WorkStart"/> (inclusive) and <see cref="WorkEnd"/>
/// (exclusive) on <see cref="WorkDays"/>, in the reminded person's own time zone.
/// </summary>
public sealed record ReminderSettings(
    TimeSpan FirstAfter,
    TimeSpan Every,
    int MaxCount,
    TimeOnly WorkStart,
    TimeOnly WorkEnd,
    IReadOnlySet<DayOfWeek> WorkDays)
{
    /// <summary>How long before an approval expires its owners are told (zero: no notice, only the expiry).</summary>
    public TimeSpan RecertifyNoticeBefore { get; init; } = TimeSpan.FromDays(14);

    /// <summary>24 h, then every 24 h, at most 3 times, 09:00–18:00 Monday to Friday.</summary>
    public static ReminderSettings Default { get; } = new(
        TimeSpan.FromHours(24),
        TimeSpan.FromHours(24),
        3,
        new TimeOnly(9, 0),
        new TimeOnly(18, 0),
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }.ToFrozenSet());

    /// <summary>Throws when the settings cannot describe a schedule (no working day, an empty day, negative delays).</summary>
    public void Validate()
    {
        if (FirstAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("Reminders: FirstAfter must not be negative.", nameof(FirstAfter));
        }

        if (Every <= TimeSpan.Zero)
        {
            throw new ArgumentException("Reminders: Every must be positive.", nameof(Every));
        }

        if (MaxCount < 0)
        {
            throw new ArgumentException("Reminders: MaxCount must not be negative.", nameof(MaxCount));
        }

        if (WorkEnd <= WorkStart)
        {
            throw new ArgumentException("Reminders: the working day must end after it starts.", nameof(WorkEnd));
        }

        if (WorkDays is null || WorkDays.Count == 0)
        {
            throw new ArgumentException("Reminders: at least one working day is needed.", nameof(WorkDays));
        }
    }
}
