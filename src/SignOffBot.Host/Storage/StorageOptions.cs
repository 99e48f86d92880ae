namespace SignOffBot.Host.Storage;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions : Configuration.IValidatedOptions
{
    public const string Section = "Storage";

    public string Provider { get; set; } = "LiteDb";

    public LiteDbOptions LiteDb { get; set; } = new();

    public IReadOnlyList<string> Problems() =>
        string.Equals(Provider, "LiteDb", StringComparison.OrdinalIgnoreCase)
            ? []
            : [$"{Section}:{nameof(Provider)}: '{Provider}' is not a store this host has; use LiteDb."];
}

public sealed class LiteDbOptions
{
    /// <summary>The database file; relative paths are taken from the working directory. Its folder is created.</summary>
    public string Path { get; set; } = "data/signoff.db";
}
