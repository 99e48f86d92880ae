namespace SignOffBot.Host.Outbox;

/// <summary>What one attempt at a delivery came to, as its log line, span and count name it.</summary>
public static class DeliveryOutcomes
{
    public const string Sent = "sent";

    /// <summary>Failed for now: tried again after a backoff or the platform's Retry-After.</summary>
    public const string Retry = "retry";

    /// <summary>Its target cannot be reached yet: it waits, rechecked every few minutes.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>A dead letter: kept for the operator, retriable through the API.</summary>
    public const string Dead = "dead";
}
