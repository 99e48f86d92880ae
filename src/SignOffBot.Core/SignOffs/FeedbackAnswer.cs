namespace SignOffBot.Core.SignOffs;

public sealed record FeedbackAnswer(string By, FeedbackAnswerKind Answer, string? Comment, DateTimeOffset At);
