using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.Slack.BlockKit;

/// <summary>What the comment modal carries in its <c>private_metadata</c>, read back on <c>view_submission</c>.</summary>
/// <param name="Metadata">The caller's own string (e.g. the channel and ts of the message whose button opened the modal), or null.</param>
public sealed record ReviewModalMetadata(string Item, string Slot, ReviewVerb Verb, string? Metadata);

/// <summary>
/// The modal that asks for the comment of an answer (minor or major issue, reject, abandon), opened with
/// <c>views.open</c> and the click's <c>trigger_id</c>: <c>callback_id</c> <see cref="SlackActionIds.CommentCallbackId"/>,
/// the item, slot and verb in <c>private_metadata</c>, one multi-line input (block and action id
/// <see cref="SlackActionIds.CommentBlockId"/>), Record and Cancel. A submission without a usable comment is
/// answered with <see cref="Errors"/>, which keeps the modal open with the message under the input.
/// </summary>
public static class ReviewModal
{
    public const string SubmitText = "Record";

    public const string CloseText = "Cancel";

    /// <summary>The most characters a comment may have: the domain's limit, so the input refuses more before the domain does.</summary>
    public const int CommentMaxLength = Core.Items.TextLimits.Comment;

    /// <summary>The <c>view</c> object for <c>views.open</c>.</summary>
    /// <param name="metadata">Echoed back in <see cref="ReviewModalMetadata.Metadata"/>; the whole private_metadata must fit 3000 characters.</param>
    /// <exception cref="ArgumentException">The item, slot and metadata do not fit private_metadata.</exception>
    public static JsonObject Build(string item, string slot, ReviewVerb verb, string? metadata)
    {
        var privateMetadata = PrivateMetadata(item, slot, verb, metadata);
        var required = ReviewVerbs.NeedsComment(verb);
        var slotTitle = slot == SlotNames.Final ? SignOffViews.FinalTitle : slot;
        var context = $"{SlackText.Escape(ReviewVerbs.Title(verb))} on *{SlackText.EscapeAndCut(slotTitle, 200)}* of *{SlackText.EscapeAndCut(item, 400)}*";

        var blocks = new JsonArray
        {
            WithId(Blocks.Context(Blocks.Mrkdwn(SlackMrkdwn.FromEscaped(context), verbatim: true)), SlackActionIds.CommentContextBlockId),
            Blocks.TextInput(
                SlackActionIds.CommentBlockId,
                SlackActionIds.CommentActionId,
                required ? "Comment (required)" : "Comment (optional)",
                optional: !required,
                CommentMaxLength,
                required ? "What did you find? Everyone who sees the sign-off will read it." : "Anything to add? Everyone who sees the sign-off will read it."),
        };

        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = SlackActionIds.CommentCallbackId,
            ["private_metadata"] = privateMetadata,
            ["title"] = Blocks.PlainText(ReviewVerbs.Title(verb), BlockKitLimits.ModalTitle),
            ["submit"] = Blocks.PlainText(SubmitText, BlockKitLimits.ModalButton),
            ["close"] = Blocks.PlainText(CloseText, BlockKitLimits.ModalButton),
            ["blocks"] = blocks,
        };
    }

    /// <summary>
    /// The <c>view_submission</c> answer that keeps the modal open and shows <paramref name="message"/> under the comment
    /// box; the message is plain text there, so a time still marked for the reader is written in UTC.
    /// </summary>
    public static JsonObject Errors(string message) => new()
    {
        ["response_action"] = "errors",
        ["errors"] = new JsonObject { [SlackActionIds.CommentBlockId] = string.IsNullOrWhiteSpace(message) ? "Please check this field." : ReaderTime.InUtc(message) },
    };

    /// <summary>The compact JSON <c>{"item","slot","verb"[,"metadata"]}</c> put in <c>private_metadata</c>.</summary>
    public static string PrivateMetadata(string item, string slot, ReviewVerb verb, string? metadata)
    {
        var json = new JsonObject
        {
            [SlackActionIds.ItemKey] = item,
            [SlackActionIds.SlotKey] = slot,
            [SlackActionIds.VerbKey] = ReviewVerbs.Name(verb),
        };
        if (metadata is not null)
        {
            json[SlackActionIds.MetadataKey] = metadata;
        }

        var text = SlackText.CompactJson(json);
        return text.Length <= BlockKitLimits.PrivateMetadata
            ? text
            : throw new ArgumentException($"The modal's private_metadata would have {text.Length} characters; Slack allows {BlockKitLimits.PrivateMetadata}.", nameof(metadata));
    }

    private static JsonObject WithId(JsonObject block, string blockId)
    {
        block.Insert(1, "block_id", blockId);
        return block;
    }
}
