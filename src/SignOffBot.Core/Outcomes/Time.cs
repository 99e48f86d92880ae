namespace SignOffBot.Core.Outcomes;

public static class Time
{
    /// <summary>How times read in messages: <c>2026-11-23 14:05 UTC</c>.</summary>
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Stored times keep milliseconds only (BSON dates do), so hashes computed before storing still verify after.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
