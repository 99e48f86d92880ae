namespace SignOffBot.Host.Playground;

/// <summary>
/// The <c>Playground</c> configuration section. <see cref="Enabled"/> left empty turns the playground on in the
/// Development environment only; true turns it on in any environment, false off in every one.
/// </summary>
public sealed class PlaygroundOptions
{
    public const string Section = "Playground";

    public bool? Enabled { get; set; }
}
