using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Ports;

/// <summary>The remembered result of a delivery id, returned again when the platform retries it.</summary>
public sealed record DeliveryRecord(
    string DeliveryId,
    DateTimeOffset At,
    string OutcomeKind,
    string? Rule,
    RefusalKind? RefusalKind,
    string Message,
    IReadOnlyList<DomainEvent> Events)
{
    public static DeliveryRecord Of(string deliveryId, Outcome outcome, DateTimeOffset at) => outcome switch
    {
        Outcome.Applied applied => new(deliveryId, at, "applied", null, null, outcome.Message, applied.Events),
        Outcome.Refused refused => new(deliveryId, at, "refused", refused.Violation.Rule, refused.Violation.Kind, outcome.Message, []),
        _ => new(deliveryId, at, "unchanged", null, null, outcome.Message, []),
    };

    public Outcome ToOutcome() => OutcomeKind switch
    {
        "applied" => new Outcome.Applied(Events),
        "refused" => new Outcome.Refused(new RuleViolation(Rule ?? "refused", RefusalKind ?? Outcomes.RefusalKind.Conflict, Message)),
        _ => new Outcome.Unchanged(Message),
    };
}
