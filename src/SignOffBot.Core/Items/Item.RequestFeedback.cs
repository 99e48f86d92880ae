using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

public sealed partial record Item
{
    /// <summary>Starts feedback on the named categories, or on all of them when none are named.</summary>
    public ActionResult<Item> RequestFeedback(GovernanceModel governance, string actor, IReadOnlyList<string> categories, DateTimeOffset? now = null)
    {
        if (!IsItemOrProjectOwner(governance, actor))
        {
            return ActionResult.Refuse(this, Rules.NotItemOrProjectOwner("request feedback", Owner));
        }

        if (EndedRefusal() is { } ended)
        {
            return ActionResult.Refuse(this, ended);
        }

        if (SignOff.State == SignOffState.FinalApprovalRequested)
        {
            return ActionResult.Refuse(this, Rules.FeedbackNoLongerRequestable(SignOff.State));
        }

        if (SignOff.Feedback.Count == 0)
        {
            return ActionResult.Refuse(this, Rules.NoFeedbackCategories(Key.Project));
        }

        var chosen = new List<FeedbackSlot>();
        foreach (var category in categories)
        {
            var slot = SignOff.FindSlot(category);
            if (slot is null)
            {
                return ActionResult.Refuse(this, Rules.UnknownCategory(Key.Project, category, SignOff.Feedback.Select(s => s.Category)));
            }

            chosen.Add(slot);
        }

        if (chosen.Count == 0)
        {
            chosen.AddRange(SignOff.Feedback);
        }

        var fresh = chosen.Where(s => !s.Requested).DistinctBy(s => s.Category).ToList();
        if (fresh.Count == 0)
        {
            return ActionResult.Same(this, $"Feedback was already requested on {string.Join(", ", chosen.Select(s => s.Category).Distinct())}.");
        }

        var signOff = fresh.Aggregate(SignOff, (current, slot) => current.WithSlot(slot with { Requested = true, RequestedAt = now }));
        signOff = signOff with { State = SignOffState.FeedbackRequested };
        return Applied(signOff, AuditActions.FeedbackRequested, string.Join(", ", fresh.Select(s => s.Category)), null, null);
    }
}
