using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SignOffBot.Bench;

/// <summary>
/// How the outbox kept up with the last decision level: the deliveries it sent to the fakes during the level (the
/// host's <c>/healthz</c> <c>outbox.sentSinceStart</c>: each line of a digest counts), the backlog left when the level
/// stopped, and how fast and how soon that backlog drained.
/// </summary>
internal sealed record OutboxDrain(long SentDuringLevel, TimeSpan LevelTime, int BacklogAfterLevel, long SentAfterLevel, TimeSpan? EmptyAfter)
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether the outbox kept up with the level: nothing left, or a backlog gone by the first look after it (50 ms
    /// apart, each look a <c>/healthz</c> request), too small to time a drain by.
    /// </summary>
    public bool KeptUp => BacklogAfterLevel == 0 || EmptyAfter is { } empty && empty <= TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The drain rate: with a backlog left, what was sent while it drained (nothing new was coming in); when the outbox
    /// kept up, what it sent during the level, a lower bound (it sent what the answers queued, as fast as they came).
    /// </summary>
    public double DrainPerSecond => !KeptUp && EmptyAfter is { } empty
        ? SentAfterLevel / empty.TotalSeconds
        : SentDuringLevel / LevelTime.TotalSeconds;

    public static async Task<OutboxDrain> MeasureAsync(HttpClient api, long sentBefore, LoadResult level)
    {
        var sentAtEnd = await SentAsync(api);
        var backlog = await WaitingAsync(api);
        var clock = Stopwatch.StartNew();
        TimeSpan? empty = backlog == 0 ? TimeSpan.Zero : null;
        while (empty is null && clock.Elapsed < Limit)
        {
            await Task.Delay(50);
            if (await WaitingAsync(api) == 0)
            {
                empty = clock.Elapsed;
            }
        }

        return new OutboxDrain(sentAtEnd - sentBefore, level.Elapsed, backlog, await SentAsync(api) - sentAtEnd, empty);
    }

    public string Line() =>
        $"outbox: {SentDuringLevel} deliveries sent during the {LevelTime.TotalSeconds:F1} s level ({SentDuringLevel / LevelTime.TotalSeconds:F0}/s), "
        + $"backlog right after it {BacklogAfterLevel}, "
        + (EmptyAfter is { } empty ? $"empty {empty.TotalSeconds:F1} s later ({SentAfterLevel} more sent)" : $"not empty after {Limit.TotalSeconds:F0} s")
        + (KeptUp ? $"; kept up, so no drain to time: at least {DrainPerSecond:F0}/s" : $"; drain rate {DrainPerSecond:F0}/s");

    public static async Task<long> SentAsync(HttpClient api) =>
        (long?)(await OutboxAsync(api))["sentSinceStart"] ?? throw new InvalidOperationException("/healthz has no outbox.sentSinceStart");

    private static async Task<int> WaitingAsync(HttpClient api) =>
        (int?)(await OutboxAsync(api))["waiting"] ?? throw new InvalidOperationException("/healthz has no outbox.waiting");

    private static async Task<JsonNode> OutboxAsync(HttpClient api)
    {
        using var response = await api.GetAsync("/healthz");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())?["outbox"] ?? throw new InvalidOperationException("/healthz has no outbox");
    }
}
