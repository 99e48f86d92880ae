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
    /// Liveness, storage readiness, outbound deliveries waiting, unreachable or given up (dead letters), in all and per
    /// platform, and, with Teams on, the
    /// release channels and people the bot cannot reach yet; background failures caught since start (the host went on).
    /// </summary>
    private static IResult Health(
        LiteDbSignOffStore store,
        TeamsConversations teams,
        IOptions<TeamsOptions> teamsOptions,
        IGovernanceSource governance,
        BackgroundFailures failures,
        IEnumerable<Outbox.INoticeSender> senders,
        Outbox.OutboxDispatcher dispatcher)
    {
        var (failureCount, lastFailure) = failures.Snapshot();
        var ready = store.IsReady();
        var outbox = ready ? store.OutboxCounts() : new Outbox.OutboxCounts(0, 0, 0, new Dictionary<string, Outbox.PlatformOutboxCounts>());
        var (channels, people) = ready && teamsOptions.Value.IsOn ? teams.Unreachable(governance.Current) : ([], []);
        var body = new
        {
            status = ready ? "ok" : "unavailable",
            storage = ready ? "ready" : "unavailable",
            outbox = new
            {
                waiting = outbox.Waiting,
                unreachable = outbox.Unreachable,
                deadLetters = outbox.Dead,
                sentSinceStart = dispatcher.SentSinceStart,
                // Every platform that is on, with zeros when nothing waits for it.
                platforms = senders.Where(s => s.IsOn).Select(s => s.Platform).Union(outbox.Platforms.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                    .ToDictionary(p => p, p => outbox.Platforms.GetValueOrDefault(p) is { } c
                        ? new { waiting = c.Waiting, unreachable = c.Unreachable, deadLetters = c.Dead }
                        : new { waiting = 0, unreachable = 0, deadLetters = 0 }),
            },
            unreachable = new
            {
                teamsChannels = channels,
                teamsPeople = people,
                slackChannels = ready
                    ? store.UnreachableTargets(Slack.SlackPlatform.Name).Select(t => Outbox.DeliveryTarget.IdOf(t, Outbox.DeliveryTarget.ChannelPrefix)).OfType<string>().ToList()
                    : [],
            },
            background = new
            {
                failures = failureCount,
                lastFailure = lastFailure is { } last
                    ? new { at = last.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture), source = last.Source, kind = last.Kind, unit = last.Unit }
                    : null,
            },
        };
        return ready ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
