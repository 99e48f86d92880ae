namespace SignOffBot.Host.Outbox;

/// <summary>Wakes the dispatcher as soon as a transaction that queued notices has committed.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit woke it already; one wake-up covers both.
            }
        }
    }

    /// <summary>Returns when woken, or when <paramref name="timeout"/> has passed on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _signal.WaitAsync(race.Token);
        var elapsed = Task.Delay(timeout, time, race.Token);
        await Task.WhenAny(woken, elapsed);
        await race.CancelAsync();
        await Task.WhenAll(woken, elapsed).ContinueWith(_ => { }, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
