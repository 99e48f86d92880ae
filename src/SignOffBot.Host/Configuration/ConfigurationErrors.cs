namespace SignOffBot.Host.Configuration;

/// <summary>Collects configuration errors, each naming the configuration key at fault.</summary>
public sealed class ConfigurationErrors
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> All => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(string key, string problem) => _errors.Add($"{key}: {problem}");
}
