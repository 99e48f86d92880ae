using Microsoft.Extensions.Options;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Reminders;

namespace SignOffBot.Host.Reminders;

/// <summary>When a target's next reminder is due under the settings in force and the person's time zone.</summary>
public sealed class ReminderPlanner(IOptionsMonitor<ReminderOptions> options, IGovernanceSource governance)
{
    public ReminderSettings Settings => options.CurrentValue.ToSettings();

    public DateTime? NextDue(ReminderTarget target, int sent) =>
        ReminderSchedule.NextDue(target, sent, Settings, ReminderSchedule.ZoneOf(target.Person, governance.Current))?.UtcDateTime;

    public static ReminderTarget TargetOf(ReminderDocument doc) =>
        new(doc.Kind, doc.Item, doc.Slot, doc.Person, new DateTimeOffset(DateTime.SpecifyKind(doc.Anchor, DateTimeKind.Utc)));
}
