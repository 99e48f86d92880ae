using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

public sealed partial record Item
{
    /// <summary>Hands a slot (a category or <c>final</c>) to another person, who alone holds it from then on.</summary>
    public ActionResult<Item> Delegate(GovernanceModel governance, string actor, string slotName, string to, DateTimeOffset now)
    {
        var delegatePerson = governance.FindPerson(to);
        if (delegatePerson is null)
        {
            return ActionResult.Refuse(this, Rules.UnknownPerson(to));
        }

        var isFinal = SlotNames.IsFinal(slotName);
        var slot = isFinal ? null : SignOff.FindSlot(slotName);
        if (!isFinal && slot is null)
        {
            return ActionResult.Refuse(this, Rules.UnknownCategory(Key.Project, slotName, SignOff.Feedback.Select(s => s.Category)));
        }

        var holds = isFinal ? MayDecide(governance, actor) : MayAnswer(governance, slot!, actor);
        if (!holds && governance.FindProject(Key.Project)?.IsOwner(actor) != true)
        {
            return ActionResult.Refuse(this, Rules.NotSlotHolderOrProjectOwner());
        }

        if (EndedRefusal() is { } ended)
        {
            return ActionResult.Refuse(this, ended);
        }

        if (SegregationRefusal(governance, actor, isFinal, slot, delegatePerson.Id) is { } refused)
        {
            return ActionResult.Refuse(this, refused);
        }

        var current = isFinal ? SignOff.Final.Delegate : slot!.Delegate;
        if (string.Equals(current, delegatePerson.Id, StringComparison.OrdinalIgnoreCase))
        {
            return ActionResult.Same(this, $"{delegatePerson.Name} already holds this slot.");
        }

        var name = isFinal ? SlotNames.Final : slot!.Category;
        var from = current ?? string.Join(", ", (isFinal ? SignOff.Final.Assignees : slot!.Assignees).Select(a => a.Value));
        var delegation = new Delegation(name, from, delegatePerson.Id, actor.ToLowerInvariant(), now);
        var signOff = isFinal
            ? SignOff with { Final = SignOff.Final with { Delegate = delegatePerson.Id } }
            : SignOff.WithSlot(slot! with { Delegate = delegatePerson.Id });
        signOff = signOff with { Delegations = [.. SignOff.Delegations, delegation] };
        return Applied(signOff, AuditActions.Delegated, name, null, $"delegated to {delegatePerson.Id}");
    }

    /// <summary>
    /// Segregation of duties on delegation: the final slot goes only to a person eligible to approve, never to the item
    /// owner nor to the delegator themselves, and the item owner cannot hand it over at all; a feedback slot never goes
    /// to the item owner.
    /// </summary>
    private RuleViolation? SegregationRefusal(GovernanceModel governance, string actor, bool isFinal, FeedbackSlot? slot, string to)
    {
        if (!isFinal)
        {
            return IsOwnedBy(to) ? Rules.FeedbackDelegateIsOwner(Owner, slot!.Category) : null;
        }

        if (IsOwnedBy(to))
        {
            return Rules.DelegateIsOwner(Owner);
        }

        if (IsOwnedBy(actor))
        {
            return Rules.OwnerDelegatesFinal(Owner);
        }

        if (string.Equals(actor, to, StringComparison.OrdinalIgnoreCase))
        {
            return Rules.SelfDelegation();
        }

        if (MayBeGivenFinal(governance, to))
        {
            return null;
        }

        var approver = governance.FindProject(Key.Project)?.FinalApprover ?? SignOff.Final.Assignees.FirstOrDefault();
        var who = approver is null ? "its approver" : approver.IsGroup ? $"a member of group {approver.Id}" : governance.DisplayName(approver.Id);
        return Rules.FinalDelegateNotEligible(governance.DisplayName(to), Key.Project, who);
    }

    /// <summary>The final approver of the sign-off or of the project (any member of its group), or one of the project's FinalDelegates.</summary>
    private bool MayBeGivenFinal(GovernanceModel governance, string personId)
    {
        var project = governance.FindProject(Key.Project);
        return governance.CoversAny(SignOff.Final.Assignees, personId)
            || (project is not null && (governance.Covers(project.FinalApprover, personId) || governance.CoversAny(project.FinalDelegates, personId)));
    }
}
