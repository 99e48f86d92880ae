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
    public bool IsOwner(string personId) => Owners.Contains(personId, StringComparer.OrdinalIgnoreCase);

    public bool IsOwnerOrMember(string personId) =>
        IsOwner(personId) || Members.Contains(personId, StringComparer.OrdinalIgnoreCase);
}
