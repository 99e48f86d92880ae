namespace SignOffBot.Core.Outcomes;

/// <summary>
/// What one accepted action changed; each becomes exactly one audit event.
/// <see cref="Slot"/> is the feedback category, <c>final</c>, or the infrastructure for deploy actions;
/// <see cref="Reference"/> names what else the action created (a bypass id) and is not part of the audit event.
/// </summary>
public sealed record DomainEvent(string Action, string? Item, string? Slot, string? Answer, string? Comment, string? Reference = null);
