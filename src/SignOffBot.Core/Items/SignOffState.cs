namespace SignOffBot.Core.Items;

public enum SignOffState
{
    NotStarted,
    FeedbackRequested,
    FinalApprovalRequested,
    Approved,
    Rejected,
    Abandoned,
}
