using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;
using Microsoft.Extensions.Options;
using SignOffBot.Core.Governance;
using SignOffBot.Host.Api;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Teams;
using SignOffBot.Host.Teams.Conversations;
using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Health);
        app.MapGet("/api/v1/health/details", Details).RequireApiKey(ApiScopes.AuditRead, everyProject: "the health details");
        return app;
    }

    /// <summary>
    /// Liveness, storage readiness, outbound deliveries waiting, unreachable or given up (dead letters), in all and per
    /// platform, how many release channels and people the bot cannot reach yet, and background failures caught since
    /// start (the host went on). Counts only: anyone who can reach the host may read it, so who is unreachable is in
    /// <see cref="Details"/>, behind an API key.
    /// </summary>
    private static IResult Health(
        ISignOffStore store,
        IOutboxStore outbox,
        TeamsConversations teams,
        IOptions<TeamsOptions> teamsOptions,
        IGovernanceSource governance,
        BackgroundFailures failures,
        IEnumerable<INoticeSender> senders,
        OutboxDispatcher dispatcher)
    {
        var (failureCount, lastFailure) = failures.Snapshot();
        var ready = store.IsReady();
        var counts = ready ? outbox.Counts() : new OutboxCounts(0, 0, 0, new Dictionary<string, PlatformOutboxCounts>());
        var unreachable = ready ? Unreachable.Of(outbox, teams, teamsOptions.Value, governance) : Unreachable.None;
        var body = new
        {
            status = ready ? "ok" : "unavailable",
            storage = ready ? "ready" : "unavailable",
            outbox = new
            {
                waiting = counts.Waiting,
                unreachable = counts.Unreachable,
                deadLetters = counts.Dead,
                sentSinceStart = dispatcher.SentSinceStart,
                // Every platform that is on, with zeros when nothing waits for it.
                platforms = senders.Where(s => s.IsOn).Select(s => s.Platform).Union(counts.Platforms.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                    .ToDictionary(p => p, p => counts.Platforms.GetValueOrDefault(p) is { } c
                        ? new { waiting = c.Waiting, unreachable = c.Unreachable, deadLetters = c.Dead }
                        : new { waiting = 0, unreachable = 0, deadLetters = 0 }),
            },
            unreachable = new
            {
                teamsChannels = unreachable.TeamsChannels.Count,
                teamsPeople = unreachable.TeamsPeople.Count,
                slackChannels = unreachable.SlackChannels.Count,
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

    /// <summary>The release channels and people (directory ids) the bot cannot reach yet, per platform.</summary>
    private static IResult Details(
        ISignOffStore store,
        IOutboxStore outbox,
        TeamsConversations teams,
        IOptions<TeamsOptions> teamsOptions,
        IGovernanceSource governance)
    {
        if (!store.IsReady())
        {
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Service Unavailable", "The store is not ready; see /healthz.");
        }

        var unreachable = Unreachable.Of(outbox, teams, teamsOptions.Value, governance);
        return TypedResults.Ok(new
        {
            unreachable = new
            {
                teamsChannels = unreachable.TeamsChannels,
                teamsPeople = unreachable.TeamsPeople,
                slackChannels = unreachable.SlackChannels,
            },
        });
    }

    private sealed record Unreachable(IReadOnlyList<string> TeamsChannels, IReadOnlyList<string> TeamsPeople, IReadOnlyList<string> SlackChannels)
    {
        public static readonly Unreachable None = new([], [], []);

        public static Unreachable Of(IOutboxStore outbox, TeamsConversations teams, TeamsOptions teamsOptions, IGovernanceSource governance)
        {
            var (channels, people) = teamsOptions.IsOn ? teams.Unreachable(governance.Current) : ([], []);
            var slack = outbox.UnreachableTargets(ChatPlatform.Slack)
                .Select(t => DeliveryTarget.IdOf(t, DeliveryTarget.ChannelPrefix)).OfType<string>().ToList();
            return new(channels, people, slack);
        }
    }
}
