using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

public sealed partial record Item
{
    /// <summary>When the approval stops counting for deploy-checks (null: not approved, or its policy has no ApprovalValidFor).</summary>
    public DateTimeOffset? ApprovalExpiresAt(GovernanceModel governance) =>
        SignOff.State == SignOffState.Approved
        && SignOff.Final.Decision is { } approval
        && governance.FindProject(Key.Project)?.Policy.For(Risk).ApprovalValidFor is { } validFor
            ? approval.At + validFor
            : null;

    public bool ApprovalExpired(GovernanceModel governance, DateTimeOffset now) => ApprovalExpiresAt(governance) is { } at && now >= at;

    /// <summary>
    /// Asks the final approver again once an approval has expired (item or project owner); with
    /// <paramref name="withFeedback"/> every feedback category too, counting only answers given from now on.
    /// </summary>
    public ActionResult<Item> Recertify(GovernanceModel governance, string actor, bool withFeedback, DateTimeOffset now)
    {
        if (!IsItemOrProjectOwner(governance, actor))
        {
            return ActionResult.Refuse(this, Rules.NotItemOrProjectOwner("re-certify", Owner));
        }

        if (SignOff.State != SignOffState.Approved || SignOff.Final.Decision is not { } approval)
        {
            return ActionResult.Refuse(this, Rules.NotApproved(Key, SignOff.State));
        }

        if (!ApprovalExpired(governance, now))
        {
            return ActionResult.Refuse(this, Rules.ApprovalStillValid(Key, ApprovalExpiresAt(governance)));
        }

        var by = actor.ToLowerInvariant();
        var signOff = ReopenFinal(now).With(new SignOffChange(SignOffChangeKind.Recertified, SlotNames.Final, by, null, now, approval));
        if (withFeedback)
        {
            foreach (var slot in signOff.Feedback)
            {
                signOff = signOff.WithSlot(slot with { Requested = true, RequestedAt = now })
                    .With(new SignOffChange(SignOffChangeKind.ReRequested, slot.Category, by, "re-certification", now));
            }
        }

        var slots = withFeedback ? string.Join(", ", [.. signOff.Feedback.Select(s => s.Category), SlotNames.Final]) : SlotNames.Final;
        return ActionResult.Apply(this with { SignOff = signOff }, new DomainEvent(AuditActions.Recertify, Key.ToString(), slots, null, null));
    }
}
