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

/// <summary>A verb's wire name (on every surface's buttons), its title, and whether it needs a comment.</summary>
public static class ReviewVerbs
{
    public static string Name(ReviewVerb verb) => verb switch
    {
        ReviewVerb.FeedbackApprove => "feedback.approve",
        ReviewVerb.FeedbackMinorIssue => "feedback.minor-issue",
        ReviewVerb.FeedbackMajorIssue => "feedback.major-issue",
        ReviewVerb.FinalApprove => "final.approve",
        ReviewVerb.FinalReject => "final.reject",
        ReviewVerb.FinalAbandon => "final.abandon",
        ReviewVerb.BypassGrant => "bypass.grant",
        _ => "bypass.deny",
    };

    public static bool TryParse(string? name, out ReviewVerb verb)
    {
        foreach (var candidate in Enum.GetValues<ReviewVerb>())
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                verb = candidate;
                return true;
            }
        }

        verb = default;
        return false;
    }

    public static string Title(ReviewVerb verb) => verb switch
    {
        ReviewVerb.FeedbackApprove or ReviewVerb.FinalApprove => "Approve",
        ReviewVerb.FeedbackMinorIssue => "Minor issue",
        ReviewVerb.FeedbackMajorIssue => "Major issue",
        ReviewVerb.FinalReject => "Reject",
        ReviewVerb.FinalAbandon => "Abandon",
        ReviewVerb.BypassGrant => "Grant",
        _ => "Deny",
    };

    /// <summary>Issues, reject, abandon need a comment (SPEC section 2); surfaces show a comment box for them.</summary>
    public static bool NeedsComment(ReviewVerb verb) =>
        verb is ReviewVerb.FeedbackMinorIssue or ReviewVerb.FeedbackMajorIssue or ReviewVerb.FinalReject or ReviewVerb.FinalAbandon;
}
