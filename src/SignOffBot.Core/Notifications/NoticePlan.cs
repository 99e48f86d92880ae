namespace SignOffBot.Core.Notifications;

/// <summary>One waiting notice and the platform targets the dispatcher planned for it.</summary>
public sealed record NoticePlan(OutboxMessage Notice, string Kind, string? Item, IReadOnlyList<(string Platform, string Target)> Targets);
