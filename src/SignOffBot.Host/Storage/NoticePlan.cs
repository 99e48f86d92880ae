using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage;

/// <summary>One waiting notice and the platform targets the dispatcher planned for it.</summary>
public sealed record NoticePlan(OutboxDocument Notice, string Kind, string? Item, IReadOnlyList<(string Platform, string Target)> Targets);
