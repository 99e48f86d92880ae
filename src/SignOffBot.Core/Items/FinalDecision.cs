namespace SignOffBot.Core.Items;

public sealed record FinalDecision(string By, FinalDecisionKind Decision, string? Comment, DateTimeOffset At);
