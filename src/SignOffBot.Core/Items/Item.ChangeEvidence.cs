using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

public sealed partial record Item
{
    /// <summary>
    /// New evidence links while the sign-off is open (item or project owner). Answers given before stay, and the
    /// cards say they were given before the change.
    /// </summary>
    public ActionResult<Item> ChangeEvidence(GovernanceModel governance, string actor, Evidence change, DateTimeOffset now)
    {
        if (!IsItemOrProjectOwner(governance, actor))
        {
            return ActionResult.Refuse(this, Rules.NotItemOrProjectOwner("change the evidence", Owner));
        }

        if (!SignOff.IsOpen)
        {
            return ActionResult.Refuse(this, Rules.NotOpen(Key, SignOff.State));
        }

        if (change == Evidence.None)
        {
            return ActionResult.Refuse(this, Rules.NothingChanged("Name at least one link to change: --model-card, --report, --rollback or --ticket."));
        }

        if (change.Problem() is { } problem)
        {
            return ActionResult.Refuse(this, Rules.InvalidItem(problem));
        }

        var merged = Evidence.Merge(change);
        if (merged == Evidence)
        {
            return ActionResult.Same(this, $"The evidence of {Key} already reads so.");
        }

        var changed = Enum.GetValues<EvidenceKind>()
            .Where(k => merged.Get(k) != Evidence.Get(k))
            .Select(k => $"{Evidence.Describe(k)}: {merged.Get(k)}");
        var summary = string.Join("; ", changed);
        var item = this with { Evidence = merged, SignOff = SignOff.With(new SignOffChange(SignOffChangeKind.EvidenceChanged, null, actor.ToLowerInvariant(), summary, now)) };
        return ActionResult.Apply(item, new DomainEvent(AuditActions.EvidenceChanged, Key.ToString(), null, null, summary));
    }
}
