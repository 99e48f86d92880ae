using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SignOffBot.Host.Teams;
using SignOffBot.Host.Teams.Connector;

namespace SignOffBot.Host.Health;

/// <summary>
/// Readiness of Teams, when it is configured: a Bot Framework token can be fetched with <c>Teams:AppId</c> and
/// <c>Teams:AppPassword</c> (a new one, not the cached one: a revoked secret shows). At most once per
/// <see cref="CachedCheck.Lifetime"/>. Why it failed goes to the log only: the answer is public.
/// </summary>
public sealed partial class TeamsCredentialsCheck : IHealthCheck
{
    private readonly IOptionsMonitor<TeamsOptions> _options;
    private readonly CachedCheck _check;

    public TeamsCredentialsCheck(IOptionsMonitor<TeamsOptions> options, BotTokenProvider tokens, TimeProvider time, ILogger<TeamsCredentialsCheck> log)
    {
        _options = options;
        _check = new CachedCheck(async cancellationToken =>
        {
            try
            {
                await tokens.FetchNewAsync(cancellationToken);
                return HealthCheckResult.Healthy("a Bot Framework token was fetched");
            }
            catch (Outbox.DeliveryFailedException e)
            {
                LogTeamsFailed(log, e.Message);
                return HealthCheckResult.Unhealthy("no Bot Framework token: the token endpoint refused the credentials or did not answer (the host's log says which)");
            }
        }, time);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _options.CurrentValue.IsOn
            ? _check.ResultAsync(cancellationToken)
            : Task.FromResult(HealthCheckResult.Healthy("Teams is off (not configured)"));

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "Readiness: Teams is not ready: {Reason}")]
    private static partial void LogTeamsFailed(ILogger log, string reason);
}
