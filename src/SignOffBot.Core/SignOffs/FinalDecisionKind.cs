namespace SignOffBot.Core.SignOffs;

public enum FinalDecisionKind
{
    Approve,
    Reject,
    Abandon,
}
