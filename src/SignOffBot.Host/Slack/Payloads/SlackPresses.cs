using SignOffBot.Core.Items;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Diagnostics.CodeAnalysis;
using SignOffBot.Core.Conversations;
using SignOffBot.Host.Slack.BlockKit;

namespace SignOffBot.Host.Slack.Payloads;

/// <summary>
/// Turns a pressed Block Kit button or a submitted comment modal into the <see cref="CardPress"/> every surface runs:
/// the one reader of the ids and values the bot wrote (<see cref="SlackActionIds"/>, <see cref="ReviewModal"/> write them).
/// A value the bot did not write gives an empty target, which the domain refuses as an unknown item.
/// </summary>
public static class SlackPresses
{
    /// <summary>
    /// The press of a button; false when its action_id is none of ours. <paramref name="opensModal"/>: the button asks
    /// for a comment first (issues, reject, abandon, and "Approve with comment", whose press is the plain approve verb).
    /// </summary>
    public static bool TryRead(SlackBlockAction action, out CardPress press, out bool opensModal)
    {
        press = null!;
        if (!SlackActionIds.TryReadActionId(action.ActionId, out var verb, out opensModal))
        {
            return false;
        }

        if (verb is ReviewVerb.BypassGrant or ReviewVerb.BypassDeny)
        {
            press = new CardPress(verb, TryReadBypassValue(action.Value, out var bypass) ? bypass : string.Empty, null, null);
        }
        else
        {
            press = TryReadReviewValue(action.Value, out var item, out var slot)
                ? new CardPress(verb, item, new SlotRef(slot), null)
                : new CardPress(verb, string.Empty, null, null);
        }

        return true;
    }

    /// <summary>The press a submitted comment modal completes; false when the modal is not one the bot opened.</summary>
    public static bool TryRead(SlackView view, out CardPress press)
    {
        press = null!;
        if (view.CallbackId != SlackActionIds.CommentCallbackId || !TryReadMetadata(view.PrivateMetadata, out var metadata))
        {
            return false;
        }

        press = new CardPress(metadata.Verb, metadata.Item, new SlotRef(metadata.Slot), CommentOfState(view.State));
        return true;
    }

    /// <summary>Reads a submitted view's <c>private_metadata</c>; false when it is not one this modal wrote.</summary>
    public static bool TryReadMetadata(string? privateMetadata, [NotNullWhen(true)] out ReviewModalMetadata? metadata)
    {
        metadata = null;
        var json = ParseObject(privateMetadata);
        var item = StringOf(json, SlackActionIds.ItemKey);
        var slot = StringOf(json, SlackActionIds.SlotKey);
        if (item is null || slot is null || !ReviewVerbs.TryParse(StringOf(json, SlackActionIds.VerbKey), out var verb))
        {
            return false;
        }

        var extra = json![SlackActionIds.MetadataKey] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        metadata = new ReviewModalMetadata(item, slot, verb, extra);
        return true;
    }

    /// <summary>The comment in a submitted view's <c>state</c> (<c>values.comment.comment.value</c>), trimmed; null when absent or blank.</summary>
    public static string? CommentOfState(JsonObject? state)
    {
        JsonNode? node = state;
        foreach (var key in new[] { "values", SlackActionIds.CommentBlockId, SlackActionIds.CommentActionId })
        {
            node = (node as JsonObject)?[key];
        }

        return StringOf(node as JsonObject, "value")?.Trim();
    }

    /// <summary>Reads a review button's value; false when it is not <c>{"item","slot"}</c> with two non-empty strings.</summary>
    public static bool TryReadReviewValue(string? value, [NotNullWhen(true)] out string? item, [NotNullWhen(true)] out string? slot)
    {
        item = null;
        slot = null;
        var json = ParseObject(value);
        item = StringOf(json, SlackActionIds.ItemKey);
        slot = StringOf(json, SlackActionIds.SlotKey);
        if (item is null || slot is null)
        {
            item = slot = null;
            return false;
        }

        return true;
    }

    /// <summary>Reads a bypass button's value; false when it is not <c>{"bypass"}</c> with a non-empty string.</summary>
    public static bool TryReadBypassValue(string? value, [NotNullWhen(true)] out string? bypassId)
    {
        bypassId = StringOf(ParseObject(value), SlackActionIds.BypassKey);
        return bypassId is not null;
    }

    private static JsonObject? ParseObject(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonObject? json, string key) =>
        json?[key] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
