namespace SignOffBot.Host.Health;

/// <summary>
/// Failures of background work (an outbox delivery, a reminder, a lookup) that were caught so the host goes on:
/// how many since start and the last one, for <c>/healthz</c>. Exception messages are kept out: they can carry
/// addresses or payloads; the log has them.
/// </summary>
public sealed class BackgroundFailures(TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _count;
    private BackgroundFailure? _last;

    public void Record(string source, string unit, Exception error)
    {
        var failure = new BackgroundFailure(time.GetUtcNow(), source, error.GetType().Name, unit);
        lock (_gate)
        {
            _count++;
            _last = failure;
        }
    }

    public (long Count, BackgroundFailure? Last) Snapshot()
    {
        lock (_gate)
        {
            return (_count, _last);
        }
    }
}

/// <param name="Source">The background part that failed: <c>outbox</c>, <c>reminders</c>, <c>slack-lookup</c>, …</param>
/// <param name="Kind">The exception's type name.</param>
/// <param name="Unit">The unit of work: which delivery, reminder or lookup.</param>
public sealed record BackgroundFailure(DateTimeOffset At, string Source, string Kind, string Unit);
