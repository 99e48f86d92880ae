namespace SignOffBot.Core.Items;

public enum FeedbackAnswerKind
{
    Approve,
    MinorIssue,
    MajorIssue,
}
