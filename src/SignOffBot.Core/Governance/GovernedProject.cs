namespace SignOffBot.Core.Governance;

public sealed record GovernedProject(
    string Key,
    string Name,
    IReadOnlyList<string> Owners,
    IReadOnlyList<string> Members,
    IReadOnlyList<FeedbackCategory> Feedback,
    Assignee FinalApprover,
    IReadOnlyList<Assignee> OnCallApprovers,
    IReadOnlyList<ReleaseChannel> ReleaseChannels,
    RiskPolicies Policy)
{
    /// <summary>People (or <c>group:&lt;id&gt;</c>) the final slot may be delegated to besides the final approver.</summary>
    public IReadOnlyList<Assignee> FinalDelegates { get; init; } = [];

    public bool IsOwner(string personId) => Owners.Contains(personId, StringComparer.OrdinalIgnoreCase);

    public bool IsOwnerOrMember(string personId) =>
        IsOwner(personId) || Members.Contains(personId, StringComparer.OrdinalIgnoreCase);
}
