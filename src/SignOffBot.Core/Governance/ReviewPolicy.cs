using SignOffBot.Core.Items;

namespace SignOffBot.Core.Governance;

/// <summary>
/// What a final approval needs at one risk level, and how long it stays valid (null: for ever). The empty policy makes
/// feedback optional.
/// </summary>
public sealed record ReviewPolicy(
    IReadOnlyList<string> RequiredCategories,
    bool BlockOnMajorIssue,
    IReadOnlyList<EvidenceKind> RequiredEvidence,
    int MinFeedbackApprovals,
    TimeSpan? ApprovalValidFor = null)
{
    public static ReviewPolicy Empty { get; } = new([], false, [], 0);
}
