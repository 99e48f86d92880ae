namespace SignOffBot.Core.DeployChecks;

public enum DeployDecision
{
    Allowed,
    Warning,
    Blocked,
}
