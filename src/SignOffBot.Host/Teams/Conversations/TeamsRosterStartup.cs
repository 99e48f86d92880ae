using Microsoft.Extensions.Options;

namespace SignOffBot.Host.Teams.Conversations;

/// <summary>At start, with Teams on, reads every team the bot knows again (off the start path; failures are recorded).</summary>
public sealed class TeamsRosterStartup(IOptions<TeamsOptions> options, TeamsRoster roster) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsOn)
        {
            return;
        }

        try
        {
            await roster.ReadKnownTeamsAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
