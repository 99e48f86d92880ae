namespace SignOffBot.Core.Notifications;

/// <summary>What the outbox holds: deliveries waiting (with notices not planned yet), unreachable and dead.</summary>
public sealed record OutboxCounts(int Waiting, int Unreachable, int Dead, IReadOnlyDictionary<string, PlatformOutboxCounts> Platforms);

public sealed record PlatformOutboxCounts(int Waiting, int Unreachable, int Dead);
