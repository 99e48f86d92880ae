namespace SignOffBot.Core.DeployChecks;

public enum BypassStatus
{
    Pending,
    Granted,
    Denied,
}
