using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Health;

/// <summary>
/// Readiness of the outbox: no dead letter has waited longer than <see cref="HealthOptions.DeadLetterMaxAge"/> since its
/// last attempt. A fresh one is a platform's problem an operator has that long to look at (<c>GET /api/v1/outbox/dead</c>,
/// then retry it); an old one means people were not told something and nobody noticed.
/// </summary>
public sealed class DeadLettersCheck(IOutboxStore outbox, IOptionsMonitor<HealthOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var maxAge = options.CurrentValue.DeadLetterMaxAge;
        var oldest = outbox.OldestDeadLetter();
        var age = oldest is { } at ? time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(at, DateTimeKind.Utc) : TimeSpan.Zero;
        var result = oldest is null
            ? HealthCheckResult.Healthy("no dead letters")
            : age <= maxAge
                ? HealthCheckResult.Healthy($"no dead letter older than {Span(maxAge)}")
                : HealthCheckResult.Unhealthy($"a dead letter is {Span(age)} old, older than {HealthOptions.Section}:{nameof(HealthOptions.DeadLetterMaxAge)} ({Span(maxAge)}); see GET /api/v1/outbox/dead");
        return Task.FromResult(result);
    }

    private static string Span(TimeSpan span) => span.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture);
}
