namespace SignOffBot.Core.Items;

public enum FinalDecisionKind
{
    Approve,
    Reject,
    Abandon,
}
