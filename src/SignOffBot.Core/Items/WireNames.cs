using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Items;

/// <summary>The lower-case words the SPEC uses for states, answers and levels, in every surface and in the audit.</summary>
public static class WireNames
{
    public static string Of(SignOffState state) => state switch
    {
        SignOffState.NotStarted => "not-started",
        SignOffState.FeedbackRequested => "feedback-requested",
        SignOffState.FinalApprovalRequested => "final-approval-requested",
        SignOffState.Approved => "approved",
        SignOffState.Rejected => "rejected",
        _ => "abandoned",
    };

    public static string Of(FeedbackAnswerKind answer) => answer switch
    {
        FeedbackAnswerKind.Approve => "approve",
        FeedbackAnswerKind.MinorIssue => "minor-issue",
        _ => "major-issue",
    };

    public static string Of(FinalDecisionKind decision) => decision switch
    {
        FinalDecisionKind.Approve => "approve",
        FinalDecisionKind.Reject => "reject",
        _ => "abandon",
    };

    /// <summary>A change of the sign-off, by the name of the audit action that recorded it.</summary>
    public static string Of(SignOffChangeKind change) => change switch
    {
        SignOffChangeKind.EvidenceChanged => Outcomes.AuditActions.EvidenceChanged,
        SignOffChangeKind.Withdrawn => Outcomes.AuditActions.Withdrawn,
        SignOffChangeKind.ReRequested => Outcomes.AuditActions.ReRequested,
        SignOffChangeKind.Revoked => Outcomes.AuditActions.Revoked,
        SignOffChangeKind.Recertified => Outcomes.AuditActions.Recertify,
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };

    public static string Of(RiskLevel risk) => risk.ToString().ToLowerInvariant();

    public static string Of(ItemKind kind) => kind.ToString().ToLowerInvariant();

    public static string Of(DeployPolicy policy) => policy.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out SignOffState state) => TryMatch(text, Enum.GetValues<SignOffState>(), Of, out state);

    public static bool TryParse(string? text, out FeedbackAnswerKind answer) => TryMatch(text, Enum.GetValues<FeedbackAnswerKind>(), Of, out answer);

    public static bool TryParse(string? text, out FinalDecisionKind decision) => TryMatch(text, Enum.GetValues<FinalDecisionKind>(), Of, out decision);

    public static bool TryParse(string? text, out RiskLevel risk) => TryMatch(text, Enum.GetValues<RiskLevel>(), Of, out risk);

    public static bool TryParse(string? text, out ItemKind kind) => TryMatch(text, Enum.GetValues<ItemKind>(), Of, out kind);

    public static bool TryParse(string? text, out DeployPolicy policy) => TryMatch(text, Enum.GetValues<DeployPolicy>(), Of, out policy);

    private static bool TryMatch<T>(string? text, T[] values, Func<T, string> name, out T value)
        where T : struct
    {
        foreach (var candidate in values)
        {
            if (string.Equals(name(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
