using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

public sealed partial record Item
{
    /// <summary>
    /// Asks requested feedback slots again (item or project owner), for example after a major issue was fixed:
    /// earlier answers stay in the history, marked as given before the re-request, and the review policy counts only
    /// answers given after it.
    /// </summary>
    public ActionResult<Item> ReRequest(GovernanceModel governance, string actor, IReadOnlyList<string> categories, string? reason, DateTimeOffset now)
    {
        if (!IsItemOrProjectOwner(governance, actor))
        {
            return ActionResult.Refuse(this, Rules.NotItemOrProjectOwner("ask for feedback again", Owner));
        }

        if (EndedRefusal() is { } ended)
        {
            return ActionResult.Refuse(this, ended);
        }

        if (ReasonRefusal(ref reason, "ask for feedback again", required: false) is { } badReason)
        {
            return ActionResult.Refuse(this, badReason);
        }

        if (categories.Count == 0)
        {
            return ActionResult.Refuse(this, Rules.NothingChanged("Name the categories to ask again."));
        }

        var signOff = SignOff;
        var names = new List<string>();
        foreach (var category in categories)
        {
            var slot = signOff.FindSlot(category);
            if (slot is null)
            {
                return ActionResult.Refuse(this, Rules.UnknownCategory(Key.Project, category, signOff.Feedback.Select(s => s.Category)));
            }

            if (!slot.Requested)
            {
                return ActionResult.Refuse(this, Rules.SlotNotRequested($"Feedback on {slot.Category}"));
            }

            if (!names.Contains(slot.Category))
            {
                signOff = signOff.WithSlot(slot with { RequestedAt = now })
                    .With(new SignOffChange(SignOffChangeKind.ReRequested, slot.Category, actor.ToLowerInvariant(), reason, now));
                names.Add(slot.Category);
            }
        }

        return ActionResult.Apply(this with { SignOff = signOff }, new DomainEvent(AuditActions.ReRequested, Key.ToString(), string.Join(", ", names), null, reason));
    }
}
