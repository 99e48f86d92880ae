using Microsoft.Extensions.Diagnostics.HealthChecks;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Health;

/// <summary>
/// Readiness of the store: it opens and takes a write. One small record is written through the store's unit of work
/// (the group commit every change goes through), so the check returns only once the write is on the disk.
/// </summary>
public sealed partial class StoreWriteCheck(IPlatformRecords records, TimeProvider time, ILogger<StoreWriteCheck> log) : IHealthCheck
{
    /// <summary>The set holding the one probe record.</summary>
    public const string ProbeSet = "health_probe";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            records.Set<HealthProbe>(ProbeSet).Upsert(new HealthProbe { Id = HealthProbe.TheOne, WrittenAt = time.GetUtcNow().UtcDateTime });
            return Task.FromResult(HealthCheckResult.Healthy("the store opened and took a durable write"));
        }
        catch (Exception e)
        {
            LogStoreFailed(e);
            return Task.FromResult(HealthCheckResult.Unhealthy($"the store cannot write ({e.GetType().Name})"));
        }
    }

    [LoggerMessage(EventId = 8100, Level = LogLevel.Warning, Message = "Readiness: the store could not write its probe record")]
    private partial void LogStoreFailed(Exception error);
}

/// <summary>The record the store's readiness check writes, always the same one.</summary>
public sealed class HealthProbe
{
    public const string TheOne = "probe";

    public string Id { get; set; } = TheOne;

    public DateTime WrittenAt { get; set; }
}
