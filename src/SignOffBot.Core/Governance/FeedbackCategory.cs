namespace SignOffBot.Core.Governance;

public sealed record FeedbackCategory(string Category, IReadOnlyList<Assignee> Assignees);
