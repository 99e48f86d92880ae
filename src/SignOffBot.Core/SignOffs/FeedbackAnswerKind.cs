namespace SignOffBot.Core.SignOffs;

public enum FeedbackAnswerKind
{
    Approve,
    MinorIssue,
    MajorIssue,
}
