using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Items;

public sealed record FinalSlot(IReadOnlyList<Assignee> Assignees, string? Delegate, FinalDecision? Decision);
