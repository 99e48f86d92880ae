using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Slack.WebApi;

namespace SignOffBot.Host.Health;

/// <summary>
/// Readiness of Slack, when it is configured: <c>auth.test</c> passes with <c>Slack:BotToken</c>. At most once per
/// <see cref="CachedCheck.Lifetime"/>. The answer names Slack's error code (never the token).
/// </summary>
public sealed partial class SlackCredentialsCheck : IHealthCheck
{
    private readonly IOptions<SlackOptions> _options;
    private readonly CachedCheck _check;

    public SlackCredentialsCheck(IOptions<SlackOptions> options, IServiceProvider services, TimeProvider time, ILogger<SlackCredentialsCheck> log)
    {
        _options = options;
        _check = new CachedCheck(async cancellationToken =>
        {
            try
            {
                await services.GetRequiredService<SlackApiClient>().AuthTestAsync(cancellationToken);
                return HealthCheckResult.Healthy("auth.test passed");
            }
            catch (Outbox.DeliveryFailedException e)
            {
                LogSlackFailed(log, e.Message);
                return HealthCheckResult.Unhealthy(SlackApiException.Find(e) is { } slack
                    ? $"auth.test failed: {slack.ErrorCode}"
                    : "auth.test did not answer (the host's log says why)");
            }
        }, time);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _options.Value.IsOn
            ? _check.ResultAsync(cancellationToken)
            : Task.FromResult(HealthCheckResult.Healthy("Slack is off (not configured)"));

    [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Readiness: Slack is not ready: {Reason}")]
    private static partial void LogSlackFailed(ILogger log, string reason);
}
