namespace SignOffBot.Core.Reminders;

/// <summary>A reminder target as stored: how many reminders were sent, and when the next one (or the escalation) is due; null when done.</summary>
public sealed record StoredReminder(ReminderTarget Target, int Sent, DateTimeOffset? NextDue)
{
    public string Id => Target.Id;
}
