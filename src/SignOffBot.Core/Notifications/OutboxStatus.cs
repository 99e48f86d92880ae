namespace SignOffBot.Core.Notifications;

public static class OutboxStatus
{
    /// <summary>A notice not planned yet, or a delivery to be sent at its next attempt time.</summary>
    public const string Waiting = "waiting";

    /// <summary>A notice whose deliveries were written.</summary>
    public const string Planned = "planned";

    /// <summary>A delivery whose target the bot cannot reach yet (rechecked every few minutes, attempts not used up).</summary>
    public const string Unreachable = "unreachable";

    public const string Sent = "sent";

    public const string Dead = "dead";
}
