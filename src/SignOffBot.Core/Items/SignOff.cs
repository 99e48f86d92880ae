using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Items;

/// <summary>The review of one item: feedback slots and one final approval slot.</summary>
public sealed record SignOff(
    SignOffState State,
    IReadOnlyList<FeedbackSlot> Feedback,
    FinalSlot Final,
    IReadOnlyList<Delegation> Delegations,
    DateTimeOffset? FinalRequestedAt = null)
{
    public static SignOff StartFor(GovernedProject project) => new(
        SignOffState.NotStarted,
        project.Feedback.Select(f => new FeedbackSlot(f.Category, f.Assignees, false, null, [])).ToList(),
        new FinalSlot([project.FinalApprover], null, null),
        []);

    public bool IsOpen => State is SignOffState.NotStarted or SignOffState.FeedbackRequested or SignOffState.FinalApprovalRequested;

    public bool IsLocked => State is SignOffState.Rejected or SignOffState.Abandoned;

    public FeedbackSlot? FindSlot(string category)
    {
        var wanted = SlotNames.Normalize(category);
        return Feedback.FirstOrDefault(s => SlotNames.Normalize(s.Category) == wanted);
    }

    public SignOff WithSlot(FeedbackSlot slot) =>
        this with { Feedback = Feedback.Select(s => s.Category == slot.Category ? slot : s).ToList() };
}
