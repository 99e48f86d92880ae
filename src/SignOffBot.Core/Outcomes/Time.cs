using System.Globalization;

namespace SignOffBot.Core.Outcomes;

public static class Time
{
    /// <summary>How times read in messages: <c>2026-11-23 14:05 UTC</c>.</summary>
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The time in <paramref name="zone"/> with its offset from UTC, which every reader can check against their clock
    /// (.NET knows no zone abbreviations such as CET): <c>2026-11-23 15:05 UTC+1</c>, <c>2026-11-23 19:35 UTC+5:30</c>;
    /// <c>2026-11-23 14:05 UTC</c> where the offset is zero.
    /// </summary>
    public static string Format(DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        if (local.Offset == TimeSpan.Zero)
        {
            return Format(at);
        }

        var offset = local.Offset.Duration();
        var sign = local.Offset < TimeSpan.Zero ? "-" : "+";
        var label = offset.Minutes == 0
            ? $"UTC{sign}{(int)offset.TotalHours}"
            : $"UTC{sign}{(int)offset.TotalHours}:{offset.Minutes:00}";
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + label;
    }

    /// <summary>Stored times keep milliseconds only (BSON dates do), so hashes computed before storing still verify after.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
