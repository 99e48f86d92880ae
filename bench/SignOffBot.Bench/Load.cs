using System.Diagnostics;

namespace SignOffBot.Bench;

/// <summary>What one closed-loop run measured: acknowledged operations, failures, wall time and each acknowledged latency.</summary>
internal sealed record LoadResult(int Clients, int Ok, int Failed, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double PerSecond => Ok / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * LatenciesMs.Length);
        return LatenciesMs[Math.Clamp(rank - 1, 0, LatenciesMs.Length - 1)];
    }

    public string Line(string what) =>
        $"{what,-34} clients {Clients,3}  {PerSecond,9:F0}/s  p50 {Percentile(50),7:F2} ms  p95 {Percentile(95),7:F2} ms  p99 {Percentile(99),7:F2} ms  ok {Ok}  failed {Failed}  in {Elapsed.TotalSeconds:F1} s";
}

/// <summary>
/// <see cref="Clients"/> clients each send one request, wait for its answer and send the next, until the time is up or
/// the work runs out (the operation returns null). A request counts when the operation says it was acknowledged.
/// </summary>
internal static class Load
{
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, Func<Task<bool?>> operation)
    {
        var latencies = new List<double>[clients];
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(4096);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var acknowledged = await operation();
                if (acknowledged is null)
                {
                    return;
                }

                if (acknowledged.Value)
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(clients, all.Length, failed, elapsed, all);
    }
}
