using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Health;

public static class HealthEndpoints
{
    public static IEndpointConventionBuilder MapHealth(this IEndpointRouteBuilder app) => app.MapGet("/healthz", Health);

    /// <summary>Liveness, storage readiness, and outbound messages waiting or given up (dead letters).</summary>
    private static IResult Health(LiteDbSignOffStore store)
    {
        var ready = store.IsReady();
        var (waiting, dead) = ready ? store.OutboxCounts() : (0, 0);
        var body = new
        {
            status = ready ? "ok" : "unavailable",
            storage = ready ? "ready" : "unavailable",
            outbox = new { waiting, deadLetters = dead },
        };
        return ready ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
