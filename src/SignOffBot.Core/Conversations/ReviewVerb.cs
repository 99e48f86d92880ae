namespace SignOffBot.Core.Conversations;

/// <summary>What a card button does. The wire names are the verbs every chat surface puts on its buttons.</summary>
public enum ReviewVerb
{
    FeedbackApprove,
    FeedbackMinorIssue,
    FeedbackMajorIssue,
    FinalApprove,
    FinalReject,
    FinalAbandon,
    BypassGrant,
    BypassDeny,
}
