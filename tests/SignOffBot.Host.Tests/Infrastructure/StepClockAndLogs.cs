using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace SignOffBot.Host.Tests.Infrastructure;

/// <summary>
/// A fake clock that reports every timer started on it, so a test can advance it through exactly the waits the
/// code under test makes (no real sleeping) and assert them.
/// </summary>
internal sealed class StepClock() : FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero))
{
    private readonly Channel<TimeSpan> _started = Channel.CreateUnbounded<TimeSpan>();

    /// <summary>The due time of every (finite) timer started, in order.</summary>
    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Waits.Enqueue(dueTime);
            _started.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Awaits <paramref name="task"/>, advancing the clock by each wait it starts meanwhile.</summary>
    public async Task<T> DriveAsync<T>(Task<T> task)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var started = _started.Reader.WaitToReadAsync(guard.Token).AsTask();
            if (await Task.WhenAny(task, started) == task)
            {
                return await task;
            }

            await started;
            while (_started.Reader.TryRead(out var due))
            {
                Advance(due);
            }
        }
    }

    public Task DriveAsync(Task task) => DriveAsync(AsBool(task));

    private static async Task<bool> AsBool(Task task)
    {
        await task;
        return true;
    }
}
