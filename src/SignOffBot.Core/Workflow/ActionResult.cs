using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Workflow;

/// <summary>
/// An action's outcome with what it acted on. <see cref="Repeated"/> is true when the delivery id was seen before:
/// then <see cref="Outcome"/> is the earlier result and nothing changed.
/// </summary>
public sealed record ActionResult<T>(Outcome Outcome, T? Value, bool Repeated = false);
