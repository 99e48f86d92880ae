namespace SignOffBot.Host.Api;

/// <summary>The <c>Api</c> configuration section: pipeline keys, stored as SHA-256 hashes only.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    public List<ApiKeyOptions> Keys { get; set; } = [];
}

public sealed class ApiKeyOptions
{
    public string? Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the key; the key itself is never configured.</summary>
    public string? Sha256 { get; set; }

    public List<string> Scopes { get; set; } = [];
}
