namespace SignOffBot.Host.Outbox;

/// <summary>The <c>Outbox</c> configuration section: how far apart posts into one conversation are kept, how long a host's claim on deliveries lasts, and how long done messages are kept.</summary>
public sealed class OutboxOptions : Configuration.IValidatedOptions
{
    public const string Section = "Outbox";

    private static readonly TimeSpan LongestPace = TimeSpan.FromMinutes(1);

    /// <summary>Slack allows about one message per second in a channel (a DM included).</summary>
    public TimeSpan SlackPace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Teams allows a bot about 60 messages per 30 s in one conversation, and 7 per second: two per second keeps within both.</summary>
    public TimeSpan TeamsPace { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long the deliveries of a round stay this host's when several hosts share the store: longer than a round's
    /// sends take (each send's retries are bounded by the outbound clients' timeouts), so no other host sends one of them
    /// meanwhile; after it, a host that died mid-round has its deliveries taken over by another.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a done message (a delivery sent, a notice planned into deliveries) stays in the store before
    /// <see cref="OutboxCleanup"/> removes it. Nothing reads them once done; kept a while for an operator's look at the store.
    /// </summary>
    public TimeSpan KeepDone { get; set; } = TimeSpan.FromDays(30);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (KeepDone < TimeSpan.FromHours(1) || KeepDone > TimeSpan.FromDays(3650))
        {
            problems.Add($"{Section}:{nameof(KeepDone)}: must be a time span from 01:00:00 to 3650.00:00:00, such as 30.00:00:00.");
        }

        if (ClaimLease < TimeSpan.FromSeconds(5) || ClaimLease > TimeSpan.FromHours(1))
        {
            problems.Add($"{Section}:ClaimLease: must be a time span from 00:00:05 to 01:00:00, such as 00:05:00.");
        }

        foreach (var (key, pace) in new[] { (nameof(SlackPace), SlackPace), (nameof(TeamsPace), TeamsPace) })
        {
            if (pace < TimeSpan.Zero || pace > LongestPace)
            {
                problems.Add($"{Section}:{key}: must be a time span from 00:00:00 to 00:01:00, such as 00:00:01.");
            }
        }

        return problems;
    }
}
