namespace SignOffBot.Host.Playground;

/// <summary>
/// The <c>Playground</c> configuration section. <see cref="Enabled"/> left empty turns the playground on in the
/// Development environment and whenever neither Teams nor Slack is configured; false turns it off for good.
/// </summary>
public sealed class PlaygroundOptions
{
    public const string Section = "Playground";

    public bool? Enabled { get; set; }
}
