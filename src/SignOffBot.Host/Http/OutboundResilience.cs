using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;

namespace SignOffBot.Host.Http;

/// <summary>
/// The one retry policy of the bot's outbound HTTP clients (the Slack Web API, the Bot Connector and the Bot Framework
/// token endpoint), a Polly pipeline in the HttpClient factory, added to each client by <see cref="AddOutboundResilience"/>:
/// <list type="bullet">
/// <item>an attempt may take <see cref="OutboundResilienceOptions.AttemptTimeout"/> (30 s), answer body included;</item>
/// <item>a transient failure (HTTP 408, 412, 429, 5xx, a network error, an attempt that timed out) is tried again,
/// <see cref="MaxAttempts"/> attempts in all, on both platforms alike;</item>
/// <item>the wait before the next attempt is the answer's <c>Retry-After</c> when it has one, else
/// <see cref="FirstBackoff"/> doubled after each failed attempt plus up to 25 % jitter, on the injected
/// <see cref="TimeProvider"/>;</item>
/// <item>an answer whose <c>Retry-After</c> is longer than <see cref="LongestInlineWait"/> is not waited for: it is
/// handed back at once and the client throws <c>DeliveryFailedException</c> with that <c>RetryAfter</c>, so the outbox
/// retries later (and pauses the platform).</item>
/// </list>
/// What the last attempt got comes back from <c>SendAsync</c> as usual: an answer (transient or not, see
/// <see cref="IsTransient(HttpStatusCode)"/>), or an exception for which <see cref="IsTransient(Exception)"/> holds
/// (<see cref="HttpRequestException"/> or Polly's <see cref="TimeoutRejectedException"/>); turning it into the
/// outbox's <c>DeliveryFailedException</c> is the client's business, and so is logging each retry (with its own event
/// id) from the callback it hands to <see cref="OnRetry"/>. Other answers (a 401, a 404, …) are app logic too: the
/// policy returns them at once.
/// </summary>
public static class OutboundResilience
{
    /// <summary>Attempts per call, the first one included.</summary>
    public const int MaxAttempts = 3;

    /// <summary>The longest wait (a Retry-After or a backoff) slept through here; a longer one goes back to the outbox.</summary>
    public static readonly TimeSpan LongestInlineWait = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed attempt without a Retry-After; doubled after each further one, plus up to 25 % jitter.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    /// <summary>The default of <see cref="OutboundResilienceOptions.AttemptTimeout"/>.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A client's pipeline is named <c>{client name}-OutboundResilience</c> (in Polly's logs and metrics).</summary>
    private const string HandlerName = "OutboundResilience";

    private static readonly HttpRequestOptionsKey<Action<OutboundRetry>> RetryObserver = new("SignOffBot.OutboundResilience.OnRetry");

    /// <summary>
    /// Puts the policy on this client (once: a second call for the same client changes nothing). The client's own
    /// <see cref="HttpClient.Timeout"/> is switched off, since each attempt is timed instead; answers are read into
    /// memory within their attempt, at most <paramref name="largestAnswer"/> bytes. Adds
    /// <see cref="TimeProvider.System"/> unless a TimeProvider is already registered.
    /// </summary>
    public static IHttpClientBuilder AddOutboundResilience(this IHttpClientBuilder builder, long largestAnswer = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(largestAnswer, 1);
        var marker = new Applied(builder.Name);
        if (builder.Services.Any(d => d.ServiceType == typeof(Applied) && marker.Equals(d.ImplementationInstance)))
        {
            return builder;
        }

        if (!builder.Services.Any(d => d.ServiceType == typeof(Applied)))
        {
            // Polly's own log lines (each attempt at Information, each retry at Warning with its stack trace) would
            // repeat what the clients log with their event ids; for these pipelines they are Debug.
            builder.Services.Configure<TelemetryOptions>(options =>
            {
                var configured = options.SeverityProvider;
                options.SeverityProvider = args => IsOurs(args.Source.PipelineName)
                    ? ResilienceEventSeverity.Debug
                    : configured?.Invoke(args) ?? args.Event.Severity;
            });
        }

        builder.Services.AddSingleton(marker);
        builder.Services.AddOptions<OutboundResilienceOptions>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddResilienceHandler(HandlerName, Configure);
        builder.AddHttpMessageHandler(() => new ReadAnswerWithinAttempt(largestAnswer));
        return builder;
    }

    /// <summary>
    /// <paramref name="observer"/> is called before each retry of <paramref name="request"/> (not before the first
    /// attempt), with what failed and how long the policy waits now; the answer in it is disposed right after.
    /// </summary>
    public static void OnRetry(this HttpRequestMessage request, Action<OutboundRetry> observer)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        request.Options.Set(RetryObserver, observer);
    }

    /// <summary>408, 412 (the Bot Connector's "try again"), 429 and every 5xx.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.PreconditionFailed or HttpStatusCode.TooManyRequests
        || (int)status >= 500;

    /// <summary>A network error or an attempt that timed out (what the policy retries and, on the last attempt, throws).</summary>
    public static bool IsTransient(Exception exception) => exception is HttpRequestException or TimeoutRejectedException;

    /// <summary>"timeout" or "network error", for log lines and messages.</summary>
    public static string Describe(Exception exception) => exception is TimeoutRejectedException ? "timeout" : "network error";

    /// <summary>The Retry-After header (seconds or an HTTP date, read on <paramref name="time"/>) as a wait from now; null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>True when the platform asked for a wait longer than <see cref="LongestInlineWait"/>: the outbox's, not ours.</summary>
    public static bool IsTooLongToWait(TimeSpan? retryAfter) => retryAfter > LongestInlineWait;

    /// <summary>A wait for log lines and messages: <c>30</c>, <c>1.5</c> (seconds).</summary>
    public static string Seconds(TimeSpan wait) => wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The wait after the given failed attempt (1, 2, …) when the answer named none.</summary>
    internal static TimeSpan Backoff(int failedAttempt)
    {
        var wait = FirstBackoff * Math.Pow(2, Math.Max(0, failedAttempt - 1));
        return wait + (wait * (Random.Shared.NextDouble() * 0.25));
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
        var attemptTimeout = context.ServiceProvider.GetRequiredService<IOptions<OutboundResilienceOptions>>().Value.AttemptTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(attemptTimeout, TimeSpan.Zero, nameof(OutboundResilienceOptions.AttemptTimeout));

        // Waits between attempts are on the injected clock (a test's fake clock steps through them).
        pipeline.TimeProvider = time;
        pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = MaxAttempts - 1,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, time)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                args.Outcome.Result is { } answer && RetryAfter(answer, time) is { } asked ? asked : Backoff(args.AttemptNumber + 1)),
            OnRetry = args => Notify(args, time),
        });

        // The attempt's timeout is on the system clock, like HttpClient.Timeout was: it measures the network, and a
        // test's fake clock, stepped through the waits above, would fire it at once.
        pipeline.AddPipeline(new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = TimeProvider.System }
            .AddTimeout(attemptTimeout)
            .Build());
    }

    private static bool IsOurs(string? pipelineName) =>
        pipelineName is not null && pipelineName.EndsWith("-" + HandlerName, StringComparison.Ordinal);

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeProvider time) => outcome switch
    {
        { Exception: { } exception } => IsTransient(exception),
        { Result: { } answer } => IsTransient(answer.StatusCode) && !IsTooLongToWait(RetryAfter(answer, time)),
        _ => false,
    };

    private static ValueTask Notify(OnRetryArguments<HttpResponseMessage> args, TimeProvider time)
    {
        if (args.Context.GetRequestMessage() is { } request && request.Options.TryGetValue(RetryObserver, out var observer))
        {
            var answer = args.Outcome.Result;
            observer(new OutboundRetry(
                args.AttemptNumber + 1, MaxAttempts, args.RetryDelay, args.Duration, answer, args.Outcome.Exception, answer is null ? null : RetryAfter(answer, time)));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Marks a client that has the policy already.</summary>
    private sealed record Applied(string ClientName);

    /// <summary>
    /// Reads the answer into memory inside the attempt, so the attempt's timeout covers the body too and a body that
    /// never comes is retried like an answer that never comes (HttpClient's own read afterwards finds it buffered).
    /// </summary>
    private sealed class ReadAnswerWithinAttempt(long largestAnswer) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            try
            {
                await response.Content.LoadIntoBufferAsync(largestAnswer, cancellationToken);
                return response;
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
    }
}

/// <summary>
/// One retry about to happen: <see cref="Attempt"/> (1-based) of <see cref="MaxAttempts"/> failed after
/// <see cref="Duration"/> with <see cref="Response"/> (disposed after the callback) or <see cref="Exception"/>, and the
/// policy waits <see cref="Wait"/> (the answer's <see cref="RetryAfter"/> when it had one) before the next.
/// </summary>
public sealed record OutboundRetry(
    int Attempt, int MaxAttempts, TimeSpan Wait, TimeSpan Duration, HttpResponseMessage? Response, Exception? Exception, TimeSpan? RetryAfter)
{
    /// <summary>The status code (<c>429</c>), or <c>timeout</c> / <c>network error</c>.</summary>
    public string Failure => Response is { } answer
        ? ((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture)
        : Exception is { } exception ? OutboundResilience.Describe(exception) : "unknown";
}
