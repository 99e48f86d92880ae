using SignOffBot.Core.Items;
using System.Text.Json;
using SignOffBot.Core.Conversations;
using SignOffBot.Host.Chat;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>
/// Reads a button pressed on a sign-off or bypass card from the <c>Action.Execute</c> verb and data the Adaptive
/// Cards renderer submits (Teams sends them in an <c>adaptiveCard/action</c> invoke, the playground posts them as is).
/// </summary>
public static class AdaptiveCardPress
{
    /// <summary>The press, or null when <paramref name="verb"/> is no review verb.</summary>
    public static CardPress? Read(string? verb, JsonElement data)
    {
        if (!ReviewVerbs.TryParse(verb, out var reviewVerb))
        {
            return null;
        }

        var commentInput = data.GetStringOrDefault(SignOffCard.CommentInputKey);
        var comment = commentInput is null ? null : data.GetStringOrDefault(commentInput);
        var target = data.GetStringOrDefault(BypassCard.BypassKey) ?? data.GetStringOrDefault(SignOffCard.ItemKey) ?? string.Empty;
        var slot = data.GetStringOrDefault(SignOffCard.SlotKey);
        return new CardPress(reviewVerb, target, slot is null ? null : new SlotRef(slot), comment);
    }
}
