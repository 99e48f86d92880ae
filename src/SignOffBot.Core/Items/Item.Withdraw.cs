using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

public sealed partial record Item
{
    /// <summary>
    /// Un-requests feedback slots or the final approval (item or project owner, with a reason): the slots go back to
    /// not requested and their reminders stop; answers given so far stay in the history and no longer count.
    /// </summary>
    public ActionResult<Item> Withdraw(GovernanceModel governance, string actor, IReadOnlyList<string> slots, string? reason, DateTimeOffset now)
    {
        if (!IsItemOrProjectOwner(governance, actor))
        {
            return ActionResult.Refuse(this, Rules.NotItemOrProjectOwner("withdraw a review request", Owner));
        }

        if (EndedRefusal() is { } ended)
        {
            return ActionResult.Refuse(this, ended);
        }

        if (ReasonRefusal(ref reason, "withdraw a review request") is { } noReason)
        {
            return ActionResult.Refuse(this, noReason);
        }

        var signOff = SignOff;
        var names = new List<string>();
        // "IT & Operations" and "it-operations" name one slot: it is withdrawn once, not refused as no longer requested.
        foreach (var name in slots.DistinctBy(SlotNames.Normalize))
        {
            if (SlotNames.IsFinal(name))
            {
                if (signOff.State != SignOffState.FinalApprovalRequested)
                {
                    return ActionResult.Refuse(this, Rules.SlotNotRequested("The final approval"));
                }

                var anyFeedback = signOff.Feedback.Any(s => s.Requested);
                signOff = signOff with { State = anyFeedback ? SignOffState.FeedbackRequested : SignOffState.NotStarted, FinalRequestedAt = null };
                names.Add(SlotNames.Final);
                continue;
            }

            var slot = signOff.FindSlot(name);
            if (slot is null)
            {
                return ActionResult.Refuse(this, Rules.UnknownCategory(Key.Project, name, signOff.Feedback.Select(s => s.Category)));
            }

            if (!slot.Requested)
            {
                return ActionResult.Refuse(this, Rules.SlotNotRequested($"Feedback on {slot.Category}"));
            }

            signOff = signOff.WithSlot(slot with { Requested = false, RequestedAt = null });
            names.Add(slot.Category);
        }

        if (names.Count == 0)
        {
            return ActionResult.Refuse(this, Rules.NothingChanged("Name the categories to withdraw, or final."));
        }

        if (signOff.State == SignOffState.FeedbackRequested && !signOff.Feedback.Any(s => s.Requested))
        {
            signOff = signOff with { State = SignOffState.NotStarted };
        }

        signOff = names.Aggregate(signOff, (current, name) =>
            current.With(new SignOffChange(SignOffChangeKind.Withdrawn, name, actor.ToLowerInvariant(), reason, now)));
        return ActionResult.Apply(this with { SignOff = signOff }, new DomainEvent(AuditActions.Withdrawn, Key.ToString(), string.Join(", ", names), null, reason));
    }

    /// <summary>The refusal for a missing (when <paramref name="required"/>) or over-long reason; trims the reason.</summary>
    private static RuleViolation? ReasonRefusal(ref string? reason, string action, bool required = true)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        return reason switch
        {
            null => required ? Rules.ReasonRequiredTo(action) : null,
            _ => TextLimits.ReasonRefusal(reason),
        };
    }
}
