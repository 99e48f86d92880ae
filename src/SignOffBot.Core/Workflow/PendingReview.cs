using SignOffBot.Core.Items;

namespace SignOffBot.Core.Workflow;

/// <summary>A slot waiting for a person's answer; <see cref="Slot"/> is a category or <c>final</c>.</summary>
public sealed record PendingReview(Item Item, string Slot);
