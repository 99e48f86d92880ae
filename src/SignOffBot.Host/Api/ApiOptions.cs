namespace SignOffBot.Host.Api;

/// <summary>The <c>Api</c> configuration section: pipeline keys, stored as SHA-256 hashes only.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    public List<ApiKeyOptions> Keys { get; set; } = [];

    /// <summary>
    /// How many held deploy-checks (<c>wait=</c>) one key may have at once; a pipeline waits for one item per
    /// environment, so a few each, and a runaway loop cannot tie up the host. One more is answered 429.
    /// </summary>
    public int MaxWaitsPerKey { get; set; } = 10;

    /// <summary>How many held deploy-checks the host holds at once, every key together; one more is answered 429.</summary>
    public int MaxWaits { get; set; } = 200;
}

public sealed class ApiKeyOptions
{
    public string? Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the key; the key itself is never configured.</summary>
    public string? Sha256 { get; set; }

    public List<string> Scopes { get; set; } = [];

    /// <summary>The only projects the key may touch (item keys, register, deploy-check, audit); empty: every project.</summary>
    public List<string> Projects { get; set; } = [];

    /// <summary>The only people (or <c>group:&lt;id&gt;</c>) requests with the key may name in <c>by</c> and <c>owner</c>; empty: anyone.</summary>
    public List<string> ActAs { get; set; } = [];
}
