namespace SignOffBot.Host.Api;

/// <summary>
/// A configured API key: its name, the SHA-256 of the secret, its scopes, and its limits. <see cref="Projects"/>:
/// the only projects it may touch; <see cref="ActAs"/>: the only people (or <c>group:&lt;id&gt;</c>) its requests
/// may name in <c>by</c> and <c>owner</c>. Null means not limited.
/// </summary>
public sealed record ApiKey(string Name, byte[] Sha256, IReadOnlySet<string> Scopes)
{
    public IReadOnlyList<string>? Projects { get; init; }

    public IReadOnlyList<string>? ActAs { get; init; }

    /// <summary>Whether requests with this key can name a person: only registering, requesting and confirming do.</summary>
    public bool NamesPeople => Scopes.Contains(ApiScopes.ItemsWrite) || Scopes.Contains(ApiScopes.DeployCheck);
}
