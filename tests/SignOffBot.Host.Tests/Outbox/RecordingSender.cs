using System.Collections.Concurrent;
using SignOffBot.Core.Notifications;
using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Tests.Outbox;

/// <summary>A platform for tests: records what it is sent, and fails as scripted first.</summary>
public sealed class RecordingSender(string platform = "test") : INoticeSender
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public ConcurrentQueue<Notice> Sent { get; } = new();

    /// <summary>What was sent, with when (real time since this sender was made).</summary>
    public ConcurrentQueue<(Notice Notice, TimeSpan At)> SentAt { get; } = new();

    /// <summary>Real time since this sender was made.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public ConcurrentQueue<DeliveryFailedException> Failures { get; } = new();

    public int Attempts;

    public string Platform { get; } = platform;

    /// <summary>A card redraw goes to the item's one copy; every other notice to one target of this platform.</summary>
    public IReadOnlyList<string> TargetsOf(Notice notice) =>
        notice is CardRefreshNotice refresh ? [DeliveryTarget.Copy(refresh.Item)] : ["everyone"];

    public Task SendAsync(Notice notice, string target, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        if (Failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        Sent.Enqueue(notice);
        SentAt.Enqueue((notice, _clock.Elapsed));
        return Task.CompletedTask;
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds for what was sent.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<Notice>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        while (!condition(Sent.ToList()))
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Sent so far: {string.Join("; ", Sent)}");
            }

            await Task.Delay(20);
        }
    }
}
