using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SignOffBot.Host.Health;

/// <summary>
/// A check of a platform's credentials, run at most once per <see cref="Lifetime"/>: probes in between get its last
/// result, so a probe every few seconds does not call Slack or Entra every few seconds, and a failure shows within
/// that time. Concurrent probes share one run; a probe that gives up does not cancel it.
/// </summary>
public sealed class CachedCheck(Func<CancellationToken, Task<HealthCheckResult>> check, TimeProvider time)
{
    /// <summary>How long a result is served again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>How long one run may take before it counts as failed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private Task<HealthCheckResult>? _running;
    private (HealthCheckResult Result, DateTimeOffset StartedAt)? _last;

    public Task<HealthCheckResult> ResultAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_last is { } last && time.GetUtcNow() - last.StartedAt < Lifetime)
            {
                return Task.FromResult(last.Result);
            }

            _running ??= RunAsync(time.GetUtcNow());
            return _running.WaitAsync(cancellationToken);
        }
    }

    private async Task<HealthCheckResult> RunAsync(DateTimeOffset startedAt)
    {
        // Off the caller's thread, so the lock above is never held across the check.
        await Task.Yield();
        HealthCheckResult result;
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            try
            {
                result = await check(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                result = HealthCheckResult.Unhealthy($"no answer within {Timeout.TotalSeconds:0} s");
            }
            catch (Exception e)
            {
                // The checks report their own failures; this is a fault of the check itself.
                result = HealthCheckResult.Unhealthy($"the check failed ({e.GetType().Name})");
            }
        }

        lock (_gate)
        {
            _last = (result, startedAt);
            _running = null;
        }

        return result;
    }
}
