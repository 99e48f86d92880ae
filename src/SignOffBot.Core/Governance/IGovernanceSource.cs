namespace SignOffBot.Core.Governance;

/// <summary>The directory and governance in force now (configuration may be reloaded while running).</summary>
public interface IGovernanceSource
{
    GovernanceModel Current { get; }
}
