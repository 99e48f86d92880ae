using System.Globalization;
using System.Text.RegularExpressions;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Reminders;

namespace SignOffBot.Core.Outcomes;

/// <summary>
/// A time inside a text for a chat surface, shown in its reader's time. The core does not know who reads a text nor
/// how the surface can show a time, so it writes each time as a mark (<c>⟦time:2026-11-23T14:05:00Z⟧</c>) and every
/// surface renders the marks before the text leaves: a Slack date token, Adaptive Card <c>DATE()</c>/<c>TIME()</c>
/// functions, the reader's own time zone in a private text, UTC where many people read it (a channel, the API, the
/// audit log). Texts that also go to the API or the audit log keep a UTC copy (<see cref="InUtc"/>).
/// </summary>
public static partial class ReaderTime
{
    /// <summary>The first character of every mark: a text without it has nothing to render.</summary>
    public const char Opening = '⟦';

    /// <summary>The mark of <paramref name="at"/> (to the second, UTC).</summary>
    public static string Mark(DateTimeOffset at) =>
        $"{Opening}time:{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}⟧";

    /// <summary>Every mark of <paramref name="text"/> replaced by what <paramref name="write"/> makes of its time.</summary>
    public static string Render(string text, Func<DateTimeOffset, string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return string.IsNullOrEmpty(text) || !text.Contains(Opening, StringComparison.Ordinal)
            ? text
            : Marks().Replace(text, m => write(DateTimeOffset.ParseExact(m.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
    }

    /// <summary>The text with its times in UTC (<c>2026-11-23 14:05 UTC</c>), as channels, the API and the audit log read them.</summary>
    public static string InUtc(string text) => Render(text, Time.Format);

    /// <summary>The text with its times in <paramref name="zone"/> (<c>2026-11-23 15:05 UTC+1</c>).</summary>
    public static string InZone(string text, TimeZoneInfo zone) => Render(text, at => Time.Format(at, zone));

    /// <summary>The text as <paramref name="person"/> reads it privately: in their configured time zone (UTC when unknown).</summary>
    public static string For(string text, string person, GovernanceModel governance) =>
        InZone(text, ReminderSchedule.ZoneOf(person, governance));

    /// <summary>True when the text still holds a mark, or what is left of one.</summary>
    public static bool HasMarks(string? text) => text is not null && text.Contains(Opening + "time:", StringComparison.Ordinal);

    [GeneratedRegex(@"⟦time:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)⟧", RegexOptions.CultureInvariant)]
    private static partial Regex Marks();
}
