namespace SignOffBot.Host.Reminders;

public static class ReminderKinds
{
    public const string IncidentReview = "incident-review";
}
