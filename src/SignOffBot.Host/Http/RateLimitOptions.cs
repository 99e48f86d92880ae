namespace SignOffBot.Host.Http;

/// <summary>
/// The <c>RateLimits</c> configuration section: token buckets for the pipeline API (one per API key; requests without
/// a valid key share one per client address) and for the playground (one per client address).
/// </summary>
public sealed class RateLimitOptions : Configuration.IValidatedOptions
{
    public const string Section = "RateLimits";

    /// <summary>A CI pipeline checks and registers a few items per run; 20/s with bursts of 100 leaves room for many.</summary>
    public RateLimit Api { get; set; } = new() { PerSecond = 20, Burst = 100 };

    /// <summary>
    /// The playground page reloads its state after every action and on every message the host announces, so one
    /// click can mean a dozen requests.
    /// </summary>
    public RateLimit Playground { get; set; } = new() { PerSecond = 20, Burst = 200 };

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, limit) in new[] { (nameof(Api), Api), (nameof(Playground), Playground) })
        {
            if (limit.PerSecond < 1)
            {
                problems.Add($"{Section}:{name}:PerSecond: must be a whole number of requests of at least 1.");
            }

            if (limit.Burst < 1)
            {
                problems.Add($"{Section}:{name}:Burst: must be a whole number of requests of at least 1.");
            }
        }

        return problems;
    }
}

/// <summary>Requests allowed per second on average, and at most at once after a quiet spell.</summary>
public sealed class RateLimit
{
    public int PerSecond { get; set; }

    public int Burst { get; set; }
}
