using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

public sealed partial record Item
{
    /// <summary>The final approver's approve, reject or abandon. Approve must satisfy the review policy of the item's risk.</summary>
    public ActionResult<Item> Decide(
        GovernanceModel governance, string actor, FinalDecisionKind decision, string? comment, DateTimeOffset now)
    {
        if (decision == FinalDecisionKind.Approve && IsOwnedBy(actor))
        {
            return ActionResult.Refuse(this, Rules.SegregationOfDuties(Owner));
        }

        if (!MayDecide(governance, actor))
        {
            return ActionResult.Refuse(this, Rules.NotAssigned());
        }

        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is not null && TextLimits.CommentRefusal(comment) is { } badComment)
        {
            return ActionResult.Refuse(this, badComment);
        }

        if (SignOff.Final.Decision is { } earlier
            && string.Equals(earlier.By, actor, StringComparison.OrdinalIgnoreCase)
            && earlier.Decision == decision)
        {
            return ActionResult.Same(this, $"You already decided {WireNames.Of(decision)} on {Key}.");
        }

        if (EndedRefusal() is { } ended)
        {
            return ActionResult.Refuse(this, ended);
        }

        if (SignOff.State == SignOffState.NotStarted)
        {
            return ActionResult.Refuse(this, Rules.FinalNotRequested());
        }

        if (decision != FinalDecisionKind.Approve && comment is null)
        {
            return ActionResult.Refuse(this, Rules.CommentRequired(decision == FinalDecisionKind.Reject ? "a rejection" : "abandoning"));
        }

        if (decision == FinalDecisionKind.Approve)
        {
            var project = governance.FindProject(Key.Project);
            var policy = project?.Policy.For(Risk) ?? ReviewPolicy.Empty;
            var missing = ReviewPolicyCheck.Missing(this, policy, actor, governance);
            if (missing.Count > 0)
            {
                return ActionResult.Refuse(this, Rules.PolicyNotMet(Risk, missing));
            }
        }

        var state = decision switch
        {
            FinalDecisionKind.Approve => SignOffState.Approved,
            FinalDecisionKind.Reject => SignOffState.Rejected,
            _ => SignOffState.Abandoned,
        };
        var final = SignOff.Final with { Decision = new FinalDecision(actor.ToLowerInvariant(), decision, comment, now) };
        return Applied(SignOff with { State = state, Final = final }, AuditActions.FinalDecision, SlotNames.Final, WireNames.Of(decision), comment);
    }
}
