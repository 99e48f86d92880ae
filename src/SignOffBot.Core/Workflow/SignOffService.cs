using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;

namespace SignOffBot.Core.Workflow;

/// <summary>The sign-off use cases every surface calls: load, transition, store, audit, in one transaction.</summary>
public sealed class SignOffService(IGovernanceSource governance, ISignOffStore store, ActionRunner runner)
{
    public Item? Find(ItemKey key) => store.FindItem(key);

    public ActionResult<Item> Register(RegisterItem command, ActionContext context)
    {
        // Items are stored under the project's configured key, whatever case the caller typed it in.
        var key = command.Key with { Project = governance.Current.FindProject(command.Key.Project)?.Key ?? command.Key.Project };
        return runner.Run(
            context,
            (session, now) =>
            {
                if (session.FindItem(key) is not null)
                {
                    return (Outcome.Refuse(Rules.ItemExists(key.ToString())), null);
                }

                var (outcome, item) = Item.Register(governance.Current, context.Actor, key, command.Kind, command.Risk, command.Evidence, now);
                if (item is not null && outcome.IsApplied)
                {
                    session.InsertItem(item);
                }

                return (outcome, item);
            },
            session => session.FindItem(key));
    }

    public ActionResult<Item> RequestFeedback(ItemKey key, IReadOnlyList<string> categories, ActionContext context) =>
        Transition(key, context, (item, gov, now) => item.RequestFeedback(gov, context.Actor, categories, now));

    public ActionResult<Item> RequestFinal(ItemKey key, ActionContext context) =>
        Transition(key, context, (item, gov, now) => item.RequestFinal(gov, context.Actor, now));

    public ActionResult<Item> SubmitFeedback(ItemKey key, string category, FeedbackAnswerKind answer, string? comment, ActionContext context) =>
        Transition(key, context, (item, gov, now) => item.SubmitFeedback(gov, context.Actor, category, answer, comment, now));

    public ActionResult<Item> Decide(ItemKey key, FinalDecisionKind decision, string? comment, ActionContext context) =>
        Transition(key, context, (item, gov, now) => item.Decide(gov, context.Actor, decision, comment, now));

    public ActionResult<Item> ChangeEvidence(ItemKey key, Evidence change, ActionContext context) =>
        Transition(key, context, (item, gov, now) => item.ChangeEvidence(gov, context.Actor, change, now));

    public ActionResult<Item> Withdraw(ItemKey key, IReadOnlyList<string> slots, string? reason, ActionContext context) =>
        Transition(key, context, (item, gov, now) => item.Withdraw(gov, context.Actor, slots, reason, now));

    public ActionResult<Item> ReRequest(ItemKey key, IReadOnlyList<string> categories, string? reason, ActionContext context) =>
        Transition(key, context, (item, gov, now) => item.ReRequest(gov, context.Actor, categories, reason, now));

    public ActionResult<Item> Revoke(ItemKey key, string? reason, ActionContext context) =>
        Transition(key, context, (item, gov, now) => item.Revoke(gov, context.Actor, reason, now));

    public ActionResult<Item> Recertify(ItemKey key, bool withFeedback, ActionContext context) =>
        Transition(key, context, (item, gov, now) => item.Recertify(gov, context.Actor, withFeedback, now));

    public ActionResult<Item> Delegate(ItemKey key, string slot, string to, ActionContext context) =>
        Transition(key, context, (item, gov, now) => item.Delegate(gov, context.Actor, slot, to, now));

    /// <summary>
    /// The reviews waiting for a person: requested feedback slots nobody has answered yet (a group slot is not
    /// the item owner's to answer), and final approvals once requested.
    /// </summary>
    public IReadOnlyList<PendingReview> Pending(string personId)
    {
        var gov = governance.Current;
        var pending = new List<PendingReview>();
        foreach (var item in store.OpenItems())
        {
            foreach (var slot in item.SignOff.Feedback.Where(item.SignOff.AwaitsAnswer))
            {
                var ownerViaGroup = item.IsOwnedBy(personId) && slot.Delegate is null && !slot.Assignees.Any(a => !a.IsGroup && gov.Covers(a, personId));
                if (item.SignOff.State != SignOffState.NotStarted && item.MayAnswer(gov, slot, personId) && !ownerViaGroup)
                {
                    pending.Add(new PendingReview(item, slot.Category));
                }
            }

            if (item.SignOff.State == SignOffState.FinalApprovalRequested && item.MayDecide(gov, personId) && !item.IsOwnedBy(personId))
            {
                pending.Add(new PendingReview(item, SlotNames.Final));
            }
        }

        return pending;
    }

    private ActionResult<Item> Transition(ItemKey key, ActionContext context, Func<Item, GovernanceModel, DateTimeOffset, ActionResult<Item>> transition) =>
        runner.Run(
            context,
            (session, now) =>
            {
                var item = session.FindItem(key);
                if (item is null)
                {
                    return (Outcome.Refuse(Rules.UnknownItem(key.ToString())), null);
                }

                var change = transition(item, governance.Current, now);
                if (change.Outcome.IsApplied)
                {
                    session.UpdateItem(change.Value!);
                }

                return (change.Outcome, change.Value);
            },
            session => session.FindItem(key));
}
