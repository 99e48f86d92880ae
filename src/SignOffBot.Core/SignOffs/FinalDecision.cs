namespace SignOffBot.Core.SignOffs;

public sealed record FinalDecision(string By, FinalDecisionKind Decision, string? Comment, DateTimeOffset At);
