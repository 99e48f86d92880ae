using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SignOffBot.Host.Configuration;

namespace SignOffBot.Host.Health;

/// <summary>
/// <c>/healthz/live</c> (the process answers; nothing else is checked) and <c>/healthz/ready</c> (200 only when the
/// store takes a durable write, each configured platform's credentials work and no dead letter is too old; else 503),
/// with ASP.NET Core health checks. Both answer JSON naming each check and its status, never a secret. <c>/healthz</c>
/// stays as it was (<see cref="HealthEndpoints"/>).
/// </summary>
public static class ReadinessEndpoints
{
    public const string Ready = "ready";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static IServiceCollection AddReadiness(this IServiceCollection services)
    {
        services.AddValidatedOptions<HealthOptions>(HealthOptions.Section);
        services.AddSingleton<StoreWriteCheck>();
        services.AddSingleton<TeamsCredentialsCheck>();
        services.AddSingleton<SlackCredentialsCheck>();
        services.AddSingleton<DeadLettersCheck>();
        services.AddHealthChecks()
            .AddCheck<StoreWriteCheck>("store", tags: [Ready])
            .AddCheck<TeamsCredentialsCheck>("teams", tags: [Ready])
            .AddCheck<SlackCredentialsCheck>("slack", tags: [Ready])
            .AddCheck<DeadLettersCheck>("dead-letters", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary><c>{"status":"healthy","checks":{"store":{"status":"healthy","description":"…"},…}}</c>.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new
        {
            Status = Word(report.Status),
            Checks = report.Entries.ToDictionary(e => e.Key, e => new { Status = Word(e.Value.Status), e.Value.Description }),
        };
        return context.Response.WriteAsJsonAsync(body, Json);
    }

    private static string Word(HealthStatus status) => status.ToString().ToLowerInvariant();
}
