namespace SignOffBot.Core.Outcomes;

/// <summary>
/// What one accepted action changed; each becomes exactly one audit event.
/// <see cref="Slot"/> is the feedback category, <c>final</c>, or the infrastructure for deploy actions.
/// </summary>
public sealed record DomainEvent(string Action, string? Item, string? Slot, string? Answer, string? Comment);
