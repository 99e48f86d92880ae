using SignOffBot.Core.Governance;

namespace SignOffBot.Core.SignOffs;

public sealed record FinalSlot(IReadOnlyList<Assignee> Assignees, string? Delegate, FinalDecision? Decision);
