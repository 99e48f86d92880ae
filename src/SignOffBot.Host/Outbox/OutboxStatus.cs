namespace SignOffBot.Host.Outbox;

public static class OutboxStatus
{
    public const string Waiting = "waiting";
    public const string Sent = "sent";
    public const string Dead = "dead";
}
