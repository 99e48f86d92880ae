using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

public sealed partial record Item
{
    /// <summary>Asks the final approver; allowed with feedback skipped or still missing.</summary>
    public Change RequestFinal(GovernanceModel governance, string actor, DateTimeOffset? now = null)
    {
        if (!IsItemOrProjectOwner(governance, actor))
        {
            return Change.Refuse(this, Rules.NotItemOrProjectOwner("request the final approval", Owner));
        }

        if (EndedRefusal() is { } ended)
        {
            return Change.Refuse(this, ended);
        }

        if (SignOff.State == SignOffState.FinalApprovalRequested)
        {
            return Change.Same(this, "The final approval was already requested.");
        }

        return Applied(SignOff with { State = SignOffState.FinalApprovalRequested, FinalRequestedAt = now }, AuditActions.FinalApprovalRequested, SlotNames.Final, null, null);
    }
}
