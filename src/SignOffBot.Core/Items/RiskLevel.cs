namespace SignOffBot.Core.Items;

public enum RiskLevel
{
    Low,
    Medium,
    High,
}
