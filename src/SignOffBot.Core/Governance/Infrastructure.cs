namespace SignOffBot.Core.Governance;

public sealed record Infrastructure(string Key, DeployPolicy Policy);
