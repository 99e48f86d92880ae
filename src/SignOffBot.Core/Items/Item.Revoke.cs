using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

public sealed partial record Item
{
    /// <summary>
    /// Takes an approval back after a finding (the final approver, a member of its group or its delegate, or a
    /// project owner; never the item owner): the sign-off goes back to final-approval-requested, so deployments that
    /// need an approval are blocked again until a new one.
    /// </summary>
    public ActionResult<Item> Revoke(GovernanceModel governance, string actor, string? reason, DateTimeOffset now)
    {
        if (IsOwnedBy(actor))
        {
            return ActionResult.Refuse(this, Rules.OwnerRevokes(Owner));
        }

        // SPEC section 4: the final approver (or a member of its group) keeps this right when the slot was delegated.
        if (!MayDecide(governance, actor)
            && !governance.CoversAny(SignOff.Final.Assignees, actor)
            && governance.FindProject(Key.Project)?.IsOwner(actor) != true)
        {
            return ActionResult.Refuse(this, Rules.NotRevoker());
        }

        if (SignOff.State != SignOffState.Approved || SignOff.Final.Decision is not { } approval)
        {
            return ActionResult.Refuse(this, Rules.NotApproved(Key, SignOff.State));
        }

        if (ReasonRefusal(ref reason, "revoke an approval") is { } noReason)
        {
            return ActionResult.Refuse(this, noReason);
        }

        var signOff = ReopenFinal(now).With(new SignOffChange(SignOffChangeKind.Revoked, SlotNames.Final, actor.ToLowerInvariant(), reason, now, approval));
        return ActionResult.Apply(this with { SignOff = signOff }, new DomainEvent(AuditActions.Revoked, Key.ToString(), SlotNames.Final, null, reason));
    }

    /// <summary>The sign-off asking its final approver again, with the decision taken back.</summary>
    private SignOff ReopenFinal(DateTimeOffset now) =>
        SignOff with { State = SignOffState.FinalApprovalRequested, Final = SignOff.Final with { Decision = null }, FinalRequestedAt = now };
}
