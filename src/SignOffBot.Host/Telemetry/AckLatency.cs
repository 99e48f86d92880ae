using System.Diagnostics;

namespace SignOffBot.Host.Telemetry;

/// <summary>
/// How long the host takes to answer a chat platform's request (Slack wants its ack within 3 s, Teams its invoke
/// response at once): endpoints marked with <see cref="MeasureAck{TBuilder}"/> are timed from the request reaching the
/// host's pipeline to the end of the response, per route (<c>signoffbot.ack.duration</c>).
/// </summary>
public static class AckLatency
{
    /// <summary>Times these endpoints' answers.</summary>
    public static TBuilder MeasureAck<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.WithMetadata(AckEndpoint.Instance);

    public static IApplicationBuilder UseAckLatency(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<SignOffBotMetrics>();
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            await next(context);
            if (context.GetEndpoint() is RouteEndpoint endpoint && endpoint.Metadata.GetMetadata<AckEndpoint>() is not null)
            {
                metrics.RecordAck(Stopwatch.GetElapsedTime(started), endpoint.RoutePattern.RawText ?? context.Request.Path.Value ?? "");
            }
        });
    }

    private sealed class AckEndpoint
    {
        public static readonly AckEndpoint Instance = new();
    }
}
