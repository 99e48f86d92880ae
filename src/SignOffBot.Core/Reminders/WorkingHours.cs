namespace SignOffBot.Core.Reminders;

/// <summary>Moves instants into a person's working hours, in their own time zone.</summary>
public static class WorkingHours
{
    /// <summary>
    /// The first instant at or after <paramref name="at"/> that lies inside the working hours of <paramref name="zone"/>
    /// (start inclusive, end exclusive) on a working day. The result carries the zone's offset at that instant.
    /// A working-day start that falls in a DST gap becomes the end of the gap; one that falls in a DST overlap
    /// is its first occurrence.
    /// </summary>
    public static DateTimeOffset NextWorkingMoment(DateTimeOffset at, TimeZoneInfo zone, ReminderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();

        var current = at;
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var local = TimeZoneInfo.ConvertTime(current, zone);
            var wall = local.DateTime;
            var time = TimeOnly.FromDateTime(wall);
            var workday = settings.WorkDays.Contains(wall.DayOfWeek);
            if (workday && time >= settings.WorkStart && time < settings.WorkEnd)
            {
                return local;
            }

            var day = workday && time < settings.WorkStart ? wall.Date : wall.Date.AddDays(1);
            for (var skipped = 0; skipped < 7 && !settings.WorkDays.Contains(day.DayOfWeek); skipped++)
            {
                day = day.AddDays(1);
            }

            var next = Resolve(day + settings.WorkStart.ToTimeSpan(), zone, current);
            current = next > current ? next : current.AddMinutes(1);
        }

        throw new InvalidOperationException($"No working moment found after {at:O} in {zone.Id}.");
    }

    /// <summary>The instant a local wall-clock time stands for in <paramref name="zone"/>, not before <paramref name="notBefore"/> when it can.</summary>
    private static DateTimeOffset Resolve(DateTime wall, TimeZoneInfo zone, DateTimeOffset notBefore)
    {
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(wall))
        {
            var candidates = zone.GetAmbiguousTimeOffsets(wall)
                .Select(offset => new DateTimeOffset(wall, offset))
                .OrderBy(instant => instant.UtcDateTime)
                .ToList();
            return candidates.FirstOrDefault(c => c >= notBefore, candidates[^1]);
        }

        if (zone.IsInvalidTime(wall))
        {
            // Skipped by a DST gap: the first valid wall-clock time after it is the instant the gap ends.
            var probe = new DateTime(wall.Ticks - (wall.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified);
            for (var minutes = 0; minutes < 3 * 24 * 60 && zone.IsInvalidTime(probe); minutes++)
            {
                probe = probe.AddMinutes(1);
            }

            return new DateTimeOffset(probe, zone.GetUtcOffset(probe));
        }

        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }
}
