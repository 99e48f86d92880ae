using Microsoft.Extensions.Options;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Teams;

namespace SignOffBot.Host.Playground;

/// <summary>Whether the playground is on (see <see cref="PlaygroundOptions"/>); read once the configuration is complete.</summary>
public sealed class PlaygroundSwitch(
    IOptions<PlaygroundOptions> playground,
    IOptions<TeamsOptions> teams,
    IOptions<SlackOptions> slack,
    IHostEnvironment environment)
{
    public bool IsOn => playground.Value.Enabled ?? (environment.IsDevelopment() || NoPlatform);

    /// <summary>On only because nothing said otherwise, outside Development: worth a warning at start.</summary>
    public bool IsOnByDefaultOutsideDevelopment => playground.Value.Enabled is null && !environment.IsDevelopment() && NoPlatform;

    private bool NoPlatform => !teams.Value.IsOn && !slack.Value.IsOn;
}
