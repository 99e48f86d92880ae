using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.Telemetry;

/// <summary>The metrics one committed domain event is a fact for, read from the item, answer or bypass the action returned.</summary>
public static class ActionFacts
{
    public static void Record(SignOffBotMetrics metrics, DomainEvent domainEvent, object? value)
    {
        switch (domainEvent.Action, value)
        {
            case (AuditActions.Feedback, Item item):
                FirstAnswer(metrics, item, domainEvent.Slot);
                break;
            case (AuditActions.FinalDecision, Item item):
                FinalDecision(metrics, item);
                break;
            case (AuditActions.DeployCheck, DeployAnswer answer):
                metrics.CountDeployCheck(WireNames.Of(answer.Policy), answer.Decision.ToString().ToLowerInvariant(), answer.Infrastructure);
                break;
            case (AuditActions.BypassGranted, Bypass bypass):
                metrics.CountBypassGranted(bypass.Infrastructure);
                break;
        }
    }

    /// <summary>
    /// The lead time of a slot's first answer since it was (re-)requested, or since its sign-off reopened; later answers
    /// (a second reviewer of a group, a changed answer) are not a request answered.
    /// </summary>
    private static void FirstAnswer(SignOffBotMetrics metrics, Item item, string? category)
    {
        var signOff = item.SignOff;
        if (category is null || signOff.FindSlot(category) is not { RequestedAt: { } requestedAt } slot
            || signOff.CountedAnswers(slot) is not [var answer])
        {
            return;
        }

        var from = Latest(requestedAt, signOff.CountsFrom(slot), ReopenedAt(signOff));
        metrics.RecordLeadTime(answer.At - from, slot.Category, WireNames.Of(item.Risk));
    }

    /// <summary>The final approval's lead time (when it was asked for in this round) and the whole sign-off's time to its decision.</summary>
    private static void FinalDecision(SignOffBotMetrics metrics, Item item)
    {
        var signOff = item.SignOff;
        if (signOff.Final.Decision is not { } decision)
        {
            return;
        }

        var risk = WireNames.Of(item.Risk);
        var reopened = ReopenedAt(signOff);
        if (signOff.FinalRequestedAt is { } asked && (reopened is null || asked >= reopened))
        {
            metrics.RecordLeadTime(decision.At - asked, SlotNames.Final, risk);
        }

        metrics.RecordDecisionTime(decision.At - Latest(item.RegisteredAt, reopened, null), risk, WireNames.Of(decision.Decision));
    }

    /// <summary>When the sign-off was last reopened (an approval revoked, a re-certification asked); null if never.</summary>
    private static DateTimeOffset? ReopenedAt(SignOff signOff) =>
        signOff.History.LastOrDefault(c => c.Kind is SignOffChangeKind.Revoked or SignOffChangeKind.Recertified)?.At;

    private static DateTimeOffset Latest(DateTimeOffset first, DateTimeOffset? second, DateTimeOffset? third)
    {
        var latest = first;
        foreach (var other in new[] { second, third })
        {
            if (other > latest)
            {
                latest = other.Value;
            }
        }

        return latest;
    }
}
