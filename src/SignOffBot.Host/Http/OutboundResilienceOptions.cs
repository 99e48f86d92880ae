namespace SignOffBot.Host.Http;

/// <summary>
/// The tunable part of <see cref="OutboundResilience"/>: not bound from configuration (the defaults are what the host
/// runs with); tests set a short <see cref="AttemptTimeout"/> with <c>services.Configure&lt;OutboundResilienceOptions&gt;(…)</c>.
/// Read once, when a client's pipeline is first built.
/// </summary>
public sealed class OutboundResilienceOptions
{
    /// <summary>How long one attempt may take, answer body included, before it counts as a timeout (and is retried).</summary>
    public TimeSpan AttemptTimeout { get; set; } = OutboundResilience.DefaultAttemptTimeout;
}
