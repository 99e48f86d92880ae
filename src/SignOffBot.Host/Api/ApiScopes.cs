namespace SignOffBot.Host.Api;

public static class ApiScopes
{
    public const string ItemsWrite = "items:write";
    public const string DeployCheck = "deploy:check";
    public const string AuditRead = "audit:read";

    public static IReadOnlyList<string> All { get; } = [ItemsWrite, DeployCheck, AuditRead];
}
