namespace SignOffBot.Host.Configuration;

/// <summary>Thrown at start when the configuration is invalid; the message names every offending key.</summary>
public sealed class InvalidConfigurationException(IReadOnlyList<string> errors)
    : Exception("SignOffBot cannot start: the configuration is invalid.\n  " + string.Join("\n  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
