using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Items;

/// <summary>The review of one item: feedback slots and one final approval slot.</summary>
public sealed record SignOff(
    SignOffState State,
    IReadOnlyList<FeedbackSlot> Feedback,
    FinalSlot Final,
    IReadOnlyList<Delegation> Delegations,
    DateTimeOffset? FinalRequestedAt = null,
    IReadOnlyList<SignOffChange>? Changes = null)
{
    public IReadOnlyList<SignOffChange> History => Changes ?? [];

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

    /// <summary>
    /// Since when the slot's answers count for the review policy and the reminders: its last re-request or withdrawal;
    /// answers before it stay in the history only.
    /// </summary>
    public DateTimeOffset? CountsFrom(FeedbackSlot slot) => History
        .LastOrDefault(c => c.Kind is SignOffChangeKind.ReRequested or SignOffChangeKind.Withdrawn
            && c.Slot is not null && SlotNames.Normalize(c.Slot) == SlotNames.Normalize(slot.Category))
        ?.At;

    /// <summary>The answers of the slot that count now (given after its last re-request or withdrawal).</summary>
    public IReadOnlyList<FeedbackAnswer> CountedAnswers(FeedbackSlot slot) => CountsFrom(slot) is { } from
        ? [.. slot.Answers.Where(a => a.At >= from)]
        : slot.Answers;

    /// <summary>The latest counted answer of each person on the slot.</summary>
    public IEnumerable<FeedbackAnswer> LatestCountedAnswers(FeedbackSlot slot) => CountedAnswers(slot)
        .GroupBy(a => a.By, StringComparer.OrdinalIgnoreCase)
        .Select(g => g.Last());

    /// <summary>True while the slot is requested and nobody has answered it since it was (re-)requested.</summary>
    public bool AwaitsAnswer(FeedbackSlot slot) => slot.Requested && CountedAnswers(slot).Count == 0;

    /// <summary>True when <paramref name="answer"/> counts for the review policy (given since the slot's last re-request or withdrawal).</summary>
    public bool Counts(FeedbackSlot slot, FeedbackAnswer answer) => CountsFrom(slot) is not { } from || answer.At >= from;

    /// <summary>
    /// What a reader should know of an earlier answer: given before the slot's re-request or withdrawal (not counted), or
    /// before the evidence changed; null for an answer that needs no note.
    /// </summary>
    public string? NoteOn(FeedbackSlot slot, FeedbackAnswer answer)
    {
        if (CountsFrom(slot) is { } from && answer.At < from)
        {
            var last = History.Last(c => c.At == from && c.Slot is not null && SlotNames.Normalize(c.Slot) == SlotNames.Normalize(slot.Category));
            return last.Kind == SignOffChangeKind.Withdrawn ? "before the withdrawal, not counted" : "before the re-request, not counted";
        }

        return EvidenceChangedAt is { } changed && answer.At < changed ? "answered before the evidence changed" : null;
    }

    /// <summary>When the evidence last changed after registration (null: never).</summary>
    public DateTimeOffset? EvidenceChangedAt => History.LastOrDefault(c => c.Kind == SignOffChangeKind.EvidenceChanged)?.At;

    public SignOff With(SignOffChange change) => this with { Changes = [.. History, change] };

    public SignOff WithSlot(FeedbackSlot slot) =>
        this with { Feedback = Feedback.Select(s => s.Category == slot.Category ? slot : s).ToList() };
}
