namespace SignOffBot.Host.Api;

/// <summary>A configured API key: its name, the SHA-256 of the secret, and its scopes.</summary>
public sealed record ApiKey(string Name, byte[] Sha256, IReadOnlySet<string> Scopes);
