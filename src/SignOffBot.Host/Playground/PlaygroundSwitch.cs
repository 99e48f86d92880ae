using Microsoft.Extensions.Options;

namespace SignOffBot.Host.Playground;

/// <summary>
/// Whether the playground is on (see <see cref="PlaygroundOptions"/>): in the Development environment, or when
/// <c>Playground:Enabled</c> says so. Never merely because no platform is configured: the playground takes the
/// caller's word for who they are.
/// </summary>
public sealed class PlaygroundSwitch(IOptions<PlaygroundOptions> playground, IHostEnvironment environment)
{
    public bool IsOn => playground.Value.Enabled ?? environment.IsDevelopment();

    /// <summary>Turned on explicitly outside Development: worth a warning at start.</summary>
    public bool IsOnOutsideDevelopment => IsOn && !environment.IsDevelopment();
}
