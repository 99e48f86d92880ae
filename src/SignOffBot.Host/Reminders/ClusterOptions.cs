namespace SignOffBot.Host.Reminders;

/// <summary>
/// <c>Reminders:Cluster</c>: how the hosts on a shared PostgreSQL store watch each other's scheduler. A host that has
/// not checked in for <see cref="CheckinInterval"/> plus <see cref="CheckinMisfireThreshold"/> counts as dead, and
/// the others take over its reminder triggers.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>How often one host of the cluster looks for due reminders (a reminder is sent at most this late).</summary>
    public TimeSpan ScanEvery { get; set; } = TimeSpan.FromSeconds(30);
}
