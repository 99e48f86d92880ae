namespace SignOffBot.Core.Governance;

public sealed record Group(string Id, IReadOnlyList<string> Members);
