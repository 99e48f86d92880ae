using SignOffBot.Core.Items;

namespace SignOffBot.Core.Conversations;

/// <summary>
/// A button pressed on a sign-off or bypass card, whatever the platform: the verb, its target (an item key, or a
/// bypass id for bypass verbs), the slot for review verbs, and the comment typed with it.
/// </summary>
public sealed record CardPress(ReviewVerb Verb, string Target, SlotRef? Slot, string? Comment);
