using Microsoft.Extensions.Options;
using SignOffBot.Core.Governance;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Teams;
using SignOffBot.Host.Teams.Conversations;

namespace SignOffBot.Host.Health;

public static class HealthEndpoints
{
    public static IEndpointConventionBuilder MapHealth(this IEndpointRouteBuilder app) => app.MapGet("/healthz", Health);

    /// <summary>
    /// Liveness, storage readiness, outbound messages waiting or given up (dead letters), and, with Teams on, the
    /// release channels and people the bot cannot reach yet.
    /// </summary>
    private static IResult Health(LiteDbSignOffStore store, TeamsConversations teams, IOptions<TeamsOptions> teamsOptions, IGovernanceSource governance)
    {
        var ready = store.IsReady();
        var (waiting, dead) = ready ? store.OutboxCounts() : (0, 0);
        var (channels, people) = ready && teamsOptions.Value.IsOn ? teams.Unreachable(governance.Current) : ([], []);
        var body = new
        {
            status = ready ? "ok" : "unavailable",
            storage = ready ? "ready" : "unavailable",
            outbox = new { waiting, deadLetters = dead },
            unreachable = new { teamsChannels = channels, teamsPeople = people },
        };
        return ready ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
