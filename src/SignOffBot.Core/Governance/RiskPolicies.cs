using SignOffBot.Core.Items;

namespace SignOffBot.Core.Governance;

public sealed record RiskPolicies(ReviewPolicy Low, ReviewPolicy Medium, ReviewPolicy High)
{
    public static RiskPolicies Empty { get; } = new(ReviewPolicy.Empty, ReviewPolicy.Empty, ReviewPolicy.Empty);

    public ReviewPolicy For(RiskLevel risk) => risk switch
    {
        RiskLevel.Low => Low,
        RiskLevel.Medium => Medium,
        _ => High,
    };
}
