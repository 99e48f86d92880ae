using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Items;

/// <summary>
/// One feedback category of a sign-off. Once delegated, only <see cref="Delegate"/> holds it;
/// every answer is kept, the latest per person counts. <see cref="RequestedAt"/> starts the reminders.
/// </summary>
public sealed record FeedbackSlot(
    string Category,
    IReadOnlyList<Assignee> Assignees,
    bool Requested,
    string? Delegate,
    IReadOnlyList<FeedbackAnswer> Answers,
    DateTimeOffset? RequestedAt = null)
{
    public IEnumerable<FeedbackAnswer> LatestAnswers => Answers
        .GroupBy(a => a.By, StringComparer.OrdinalIgnoreCase)
        .Select(g => g.Last());

    public FeedbackAnswer? LatestBy(string personId) =>
        Answers.LastOrDefault(a => string.Equals(a.By, personId, StringComparison.OrdinalIgnoreCase));
}
