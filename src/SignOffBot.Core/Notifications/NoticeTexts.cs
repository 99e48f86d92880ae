using SignOffBot.Core.Reminders;
using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Notifications;

/// <summary>The words of private reminders and escalations, the same on every platform.</summary>
public static class NoticeTexts
{
    public static string Reminder(ReminderNotice notice) => notice.Kind == ReminderKind.IncidentReview
        ? $"Reminder {notice.Number} of {notice.Of}: the post-incident review of emergency bypass {notice.Slot} for {notice.Item} is open. Close it with: incident-review {notice.Item} <infrastructure> --link <url>"
        : $"Reminder {notice.Number} of {notice.Of}: your review of {notice.Item} ({(notice.Slot == "final" ? "final approval" : notice.Slot)}) is waiting for your answer. Type: status {notice.Item}";

    public static string Overdue(OverdueNotice notice, GovernanceModel governance) => notice.Kind == ReminderKind.IncidentReview
        ? $"Overdue: {governance.DisplayName(notice.Reviewer.Value)} has not closed the post-incident review of emergency bypass {notice.Slot} for {notice.Item} after the last reminder."
        : $"Overdue: {governance.DisplayName(notice.Reviewer.Value)} has not answered {(notice.Slot == "final" ? "the final approval" : notice.Slot)} on {notice.Item} after the last reminder.";
}
