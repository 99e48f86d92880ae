using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Items;

/// <summary>What a final approval still lacks under a review policy; empty when it may be given.</summary>
public static class ReviewPolicyCheck
{
    public static IReadOnlyList<string> Missing(Item item, ReviewPolicy policy, string approver, GovernanceModel governance)
    {
        var missing = new List<string>();
        var signOff = item.SignOff;

        foreach (var required in policy.RequiredCategories)
        {
            var slot = signOff.FindSlot(required);
            if (slot is null || signOff.CountedAnswers(slot).Count == 0)
            {
                missing.Add($"feedback on {slot?.Category ?? required} has no answer yet");
            }
        }

        if (policy.BlockOnMajorIssue)
        {
            foreach (var slot in signOff.Feedback)
            {
                foreach (var major in signOff.LatestCountedAnswers(slot).Where(a => a.Answer == FeedbackAnswerKind.MajorIssue))
                {
                    missing.Add($"{governance.DisplayName(major.By)} has an open major issue on {slot.Category} (\"{major.Comment}\")");
                }
            }
        }

        foreach (var evidence in policy.RequiredEvidence.Where(e => !item.Evidence.Has(e)))
        {
            missing.Add($"the {Evidence.Describe(evidence)} is missing");
        }

        if (policy.MinFeedbackApprovals > 0)
        {
            var approvals = signOff.Feedback
                .SelectMany(signOff.CountedAnswers)
                .GroupBy(a => a.By, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.OrderBy(a => a.At).Last())
                .Count(a => a.Answer == FeedbackAnswerKind.Approve
                    && !item.IsOwnedBy(a.By)
                    && !string.Equals(a.By, approver, StringComparison.OrdinalIgnoreCase));
            if (approvals < policy.MinFeedbackApprovals)
            {
                missing.Add($"{policy.MinFeedbackApprovals} feedback approvals from distinct persons other than the owner and the final approver are needed, {approvals} so far");
            }
        }

        return missing;
    }
}
