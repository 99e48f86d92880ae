namespace SignOffBot.Core.Items;

public sealed record FeedbackAnswer(string By, FeedbackAnswerKind Answer, string? Comment, DateTimeOffset At);
