using SignOffBot.Core.Reminders;

namespace SignOffBot.Host.Reminders;

/// <summary>The <c>Reminders</c> configuration section (SPEC section 7).</summary>
public sealed class ReminderOptions : Configuration.IValidatedOptions
{
    public const string Section = "Reminders";

    public TimeSpan FirstAfter { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan Every { get; set; } = TimeSpan.FromDays(1);

    public int MaxCount { get; set; } = 3;

    public WorkingHoursOptions WorkingHours { get; set; } = new();

    /// <summary>How long before an approval expires (policy ApprovalValidFor) its owners are told to re-certify.</summary>
    public TimeSpan RecertifyNoticeBefore { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// How often the backstop scan looks for due reminders; reminders themselves fire at their due time (the job's
    /// trigger is moved to the earliest one).
    /// </summary>
    public TimeSpan ScanEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How the hosts on a shared PostgreSQL store watch each other's scheduler (read at start).</summary>
    public ClusterOptions Cluster { get; set; } = new();

    public ReminderSettings ToSettings() => new(
        FirstAfter,
        Every,
        MaxCount,
        TimeOnly.Parse(WorkingHours.Start, System.Globalization.CultureInfo.InvariantCulture),
        TimeOnly.Parse(WorkingHours.End, System.Globalization.CultureInfo.InvariantCulture),
        WorkingHours.Days.Select(ParseDay).ToHashSet())
    {
        RecertifyNoticeBefore = RecertifyNoticeBefore,
    };

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (FirstAfter <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:FirstAfter: must be a positive time span such as 1.00:00:00.");
        }

        if (Every <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:Every: must be a positive time span such as 1.00:00:00.");
        }

        if (RecertifyNoticeBefore < TimeSpan.Zero)
        {
            problems.Add($"{Section}:RecertifyNoticeBefore: cannot be negative (0 turns the notice off).");
        }

        if (Cluster.CheckinInterval <= TimeSpan.Zero || Cluster.CheckinMisfireThreshold <= TimeSpan.Zero || Cluster.ScanEvery <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:{ClusterOptions.Section}: CheckinInterval, CheckinMisfireThreshold and ScanEvery must be positive time spans such as 00:00:07.500.");
        }

        if (MaxCount < 0)
        {
            problems.Add($"{Section}:MaxCount: cannot be negative.");
        }

        if (!TimeOnly.TryParse(WorkingHours.Start, System.Globalization.CultureInfo.InvariantCulture, out var start)
            || !TimeOnly.TryParse(WorkingHours.End, System.Globalization.CultureInfo.InvariantCulture, out var end) || end <= start)
        {
            problems.Add($"{Section}:WorkingHours: Start and End are times of day (HH:mm) with Start before End.");
        }

        for (var i = 0; i < WorkingHours.Days.Length; i++)
        {
            if (!TryParseDay(WorkingHours.Days[i], out _))
            {
                problems.Add($"{Section}:WorkingHours:Days:{i}: '{WorkingHours.Days[i]}' is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun).");
            }
        }

        if (WorkingHours.Days.Length == 0)
        {
            problems.Add($"{Section}:WorkingHours:Days: at least one working day is needed.");
        }

        return problems;
    }

    private static DayOfWeek ParseDay(string day) => TryParseDay(day, out var parsed) ? parsed : throw new FormatException(day);

    private static bool TryParseDay(string day, out DayOfWeek parsed)
    {
        foreach (var candidate in Enum.GetValues<DayOfWeek>())
        {
            if (candidate.ToString().StartsWith(day.Trim(), StringComparison.OrdinalIgnoreCase) && day.Trim().Length >= 3)
            {
                parsed = candidate;
                return true;
            }
        }

        parsed = default;
        return false;
    }
}

public sealed class WorkingHoursOptions
{
    public string Start { get; set; } = "09:00";

    public string End { get; set; } = "18:00";

    // An array, not a list: the configuration binder replaces arrays but appends to lists with defaults.
    public string[] Days { get; set; } = ["Mon", "Tue", "Wed", "Thu", "Fri"];
}
