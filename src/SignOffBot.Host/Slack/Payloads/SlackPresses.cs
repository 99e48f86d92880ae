using SignOffBot.Core.Conversations;
using SignOffBot.Host.Slack.BlockKit;

namespace SignOffBot.Host.Slack.Payloads;

/// <summary>
/// Turns a pressed Block Kit button or a submitted comment modal into the <see cref="CardPress"/> every surface runs,
/// through the readers of the ids and values the bot wrote (<see cref="SlackActionIds"/>, <see cref="ReviewModal"/>).
/// A value the bot did not write gives an empty target, which the domain refuses as an unknown item.
/// </summary>
public static class SlackPresses
{
    /// <summary>The press of a button; false when its action_id is none of ours.</summary>
    public static bool TryRead(SlackBlockAction action, out CardPress press)
    {
        press = null!;
        if (!SlackActionIds.TryParseActionId(action.ActionId, out var verb))
        {
            return false;
        }

        if (verb is ReviewVerb.BypassGrant or ReviewVerb.BypassDeny)
        {
            press = new CardPress(verb, SlackActionIds.TryReadBypassValue(action.Value, out var bypass) ? bypass : string.Empty, null, null);
        }
        else
        {
            press = SlackActionIds.TryReadReviewValue(action.Value, out var item, out var slot)
                ? new CardPress(verb, item, slot, null)
                : new CardPress(verb, string.Empty, null, null);
        }

        return true;
    }

    /// <summary>The press a submitted comment modal completes; false when the modal is not one the bot opened.</summary>
    public static bool TryRead(SlackView view, out CardPress press)
    {
        press = null!;
        if (view.CallbackId != SlackActionIds.CommentCallbackId || !ReviewModal.TryReadMetadata(view.PrivateMetadata, out var metadata))
        {
            return false;
        }

        press = new CardPress(metadata.Verb, metadata.Item, metadata.Slot, ReviewModal.CommentOfState(view.State));
        return true;
    }
}
