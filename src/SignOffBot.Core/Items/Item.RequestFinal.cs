using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

public sealed partial record Item
{
    /// <summary>Asks the final approver; allowed with feedback skipped or still missing.</summary>
    public ActionResult<Item> RequestFinal(GovernanceModel governance, string actor, DateTimeOffset? now = null)
    {
        if (!IsItemOrProjectOwner(governance, actor))
        {
            return ActionResult.Refuse(this, Rules.NotItemOrProjectOwner("request the final approval", Owner));
        }

        if (EndedRefusal() is { } ended)
        {
            return ActionResult.Refuse(this, ended);
        }

        if (SignOff.State == SignOffState.FinalApprovalRequested)
        {
            return ActionResult.Same(this, "The final approval was already requested.");
        }

        return Applied(SignOff with { State = SignOffState.FinalApprovalRequested, FinalRequestedAt = now }, AuditActions.FinalApprovalRequested, SlotNames.Final, null, null);
    }
}
