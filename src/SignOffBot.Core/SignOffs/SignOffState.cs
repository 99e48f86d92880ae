namespace SignOffBot.Core.SignOffs;

public enum SignOffState
{
    NotStarted,
    FeedbackRequested,
    FinalApprovalRequested,
    Approved,
    Rejected,
    Abandoned,
}
