namespace SignOffBot.Host.Api;

public static class ApiScopes
{
    public const string ItemsWrite = "items:write";
    public const string DeployCheck = "deploy:check";
    public const string AuditRead = "audit:read";

    /// <summary>Putting dead letters of the outbox back in the queue.</summary>
    public const string OutboxWrite = "outbox:write";

    /// <summary>Downloading a copy of the whole store (every project's items, audit trail and outbox).</summary>
    public const string StoreBackup = "store:backup";

    public static IReadOnlyList<string> All { get; } = [ItemsWrite, DeployCheck, AuditRead, OutboxWrite, StoreBackup];
}
