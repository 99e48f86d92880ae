using SignOffBot.Core.Ports;
using Microsoft.Extensions.Options;
using SignOffBot.Core.Governance;
using SignOffBot.Host.Health;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Teams.Connector;
using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.Teams.Conversations;

/// <summary>
/// Reads a team's roster and channels, so the bot can reach every member privately (a 1:1 chat it creates) and every
/// channel of the team, including people who never wrote to it and release channels nobody wrote in.
/// </summary>
public sealed partial class TeamsRoster(
    IOptions<TeamsOptions> options,
    TeamsConversations conversations,
    TeamsPeople people,
    BotConnectorClient connector,
    IGovernanceSource governance,
    IOutboxStore outbox,
    OutboxSignal outboxSignal,
    BackgroundFailures failures,
    TimeProvider time,
    ILogger<TeamsRoster> log)
{
    /// <summary>Reads the team off the request path; a failure is logged and recorded, and tried again at the next start.</summary>
    public void ReadInBackground(string teamId, string serviceUrl, string? tenant) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await ReadAsync(teamId, serviceUrl, tenant, CancellationToken.None);
            }
            catch (Exception e)
            {
                failures.Record("teams-roster", $"team {teamId}", e);
                LogFailed(e, teamId);
            }
        });

    /// <summary>Stores the team, every member (matched to a directory person) and every channel, then wakes the outbox.</summary>
    public async Task ReadAsync(string teamId, string serviceUrl, string? tenant, CancellationToken cancellationToken)
    {
        conversations.RememberTeam(teamId, serviceUrl, tenant);
        var directory = governance.Current;
        var members = 0;
        var matched = 0;
        string? continuation = null;
        do
        {
            var (page, next) = await connector.GetPagedMembersAsync(serviceUrl, teamId, continuation, cancellationToken);
            foreach (var member in page)
            {
                var person = people.MatchMember(member, directory);
                conversations.RememberMember(teamId, serviceUrl, member.TenantId ?? tenant, member.Id, member.AadObjectId, person?.Id);
                members++;
                matched += person is null ? 0 : 1;
            }

            continuation = next;
        }
        while (continuation is not null);

        var channels = await connector.GetTeamChannelsAsync(serviceUrl, teamId, cancellationToken);
        foreach (var channel in channels)
        {
            conversations.RememberChannel(teamId, serviceUrl, tenant, channel.Id);
        }

        // Deliveries that waited for someone or somewhere of this team are tried again now.
        var woken = outbox.WakeUnreachable(ChatPlatform.Teams, time.GetUtcNow().UtcDateTime);
        outboxSignal.Notify();
        LogRead(teamId, members, matched, channels.Count, woken);
    }

    /// <summary>Reads every team the bot knows (at start: members and channels may have changed while it was down).</summary>
    public async Task ReadKnownTeamsAsync(CancellationToken cancellationToken)
    {
        foreach (var team in conversations.KnownTeams())
        {
            // A tenant taken off Teams:AllowedTenants: its teams are no longer read (nor anyone in them remembered).
            if (!options.Value.AllowsTenant(team.TenantId))
            {
                LogTenantNotAllowed(team.TeamId ?? team.ConversationId ?? "", team.TenantId);
                continue;
            }

            try
            {
                await ReadAsync(team.TeamId ?? team.ConversationId!, team.ServiceUrl, team.TenantId, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Record("teams-roster", $"team {team.TeamId}", e);
                LogFailed(e, team.TeamId ?? "");
            }
        }
    }

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Teams team {TeamId} read: {Members} members ({Matched} in the directory), {Channels} channels; {Woken} waiting deliveries tried again")]
    private partial void LogRead(string teamId, int members, int matched, int channels, int woken);

    [LoggerMessage(EventId = 4116, Level = LogLevel.Warning, Message = "Teams team {TeamId} is not read: its tenant {TenantId} is not in Teams:AllowedTenants")]
    private partial void LogTenantNotAllowed(string teamId, string? tenantId);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Error, Message = "Reading the roster and channels of Teams team {TeamId} failed; it is read again at the next start or when the bot is added again")]
    private partial void LogFailed(Exception error, string teamId);
}
