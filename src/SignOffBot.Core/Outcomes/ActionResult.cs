namespace SignOffBot.Core.Outcomes;

/// <summary>
/// The one result shape of every action, from an item's transition to a use case: its <see cref="Outcome"/> with what
/// it acted on (for a transition, the item as it stands after it; unchanged unless applied). <see cref="Repeated"/> is
/// true when the delivery id was seen before: then <see cref="Outcome"/> is the earlier result and nothing changed.
/// </summary>
public sealed record ActionResult<T>(Outcome Outcome, T? Value, bool Repeated = false);

/// <summary>Shorthands for <see cref="ActionResult{T}"/>.</summary>
public static class ActionResult
{
    public static ActionResult<T> Apply<T>(T value, DomainEvent domainEvent) => new(Outcome.Apply(domainEvent), value);

    public static ActionResult<T> Same<T>(T value, string reason) => new(Outcome.Same(reason), value);

    public static ActionResult<T> Refuse<T>(T value, RuleViolation violation) => new(Outcome.Refuse(violation), value);
}
