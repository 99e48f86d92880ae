namespace SignOffBot.Core.Governance;

public enum DeployPolicy
{
    Prevent,
    Warn,
    Always,
}
