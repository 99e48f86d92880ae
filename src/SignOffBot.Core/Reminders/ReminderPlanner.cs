using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Reminders;

/// <summary>
/// When a target's next reminder is due, under the reminder settings in force (read on every call, so a changed
/// configuration applies at once) and the person's time zone in the directory.
/// </summary>
public sealed class ReminderPlanner(Func<ReminderSettings> settings, IGovernanceSource governance)
{
    public ReminderSettings Settings => settings();

    public DateTimeOffset? NextDue(ReminderTarget target, int sent) =>
        ReminderSchedule.NextDue(target, sent, Settings, ReminderSchedule.ZoneOf(target.Person, governance.Current));

    /// <summary>The targets with their first due time, as an action stores them.</summary>
    public IReadOnlyList<PlannedReminder> Plan(IReadOnlyList<ReminderTarget> targets) =>
        [.. targets.Select(t => new PlannedReminder(t, NextDue(t, 0)))];
}

/// <summary>Someone to chase and when first (null: never, e.g. reminders are turned off).</summary>
public sealed record PlannedReminder(ReminderTarget Target, DateTimeOffset? FirstDue);
