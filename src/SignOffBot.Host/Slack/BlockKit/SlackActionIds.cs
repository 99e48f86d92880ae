using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.Slack.BlockKit;

/// <summary>
/// Every <c>action_id</c>, <c>callback_id</c> and <c>block_id</c> SignOffBot puts into Slack, and the keys of the
/// JSON it puts into button values and modal metadata; the interaction handler reads them back through here.
/// <list type="bullet">
/// <item>A button's <c>action_id</c> is its verb's wire name (<see cref="ReviewVerbs.Name"/>: <c>feedback.approve</c>,
/// <c>final.reject</c>, <c>bypass.grant</c>...); its value is <c>{"item","slot"}</c> or <c>{"bypass"}</c>. The
/// Slack-only "Approve with comment" button has the approve verb's name plus <see cref="WithCommentSuffix"/>
/// (<c>feedback.approve-comment</c>, <c>final.approve-comment</c>): it opens the comment modal instead of recording.</item>
/// <item>The comment modal has <c>callback_id</c> <see cref="CommentCallbackId"/>, its input block and element
/// <see cref="CommentBlockId"/> / <see cref="CommentActionId"/>, and <c>private_metadata</c>
/// <c>{"item","slot","verb"[,"metadata"]}</c>.</item>
/// <item>Block ids are <c>&lt;message&gt;.&lt;role&gt;.&lt;revision&gt;</c>: unique in a message, and new whenever
/// the message's content changes (Slack asks for a new block_id on each iteration of a message).</item>
/// </list>
/// </summary>
public static class SlackActionIds
{
    /// <summary>The <c>callback_id</c> of the review comment modal.</summary>
    public const string CommentCallbackId = "review-comment";

    /// <summary>The <c>block_id</c> of the modal's comment input: the key of <c>response_action: errors</c>.</summary>
    public const string CommentBlockId = "comment";

    /// <summary>The <c>action_id</c> of the modal's comment input: <c>view.state.values.comment.comment.value</c>.</summary>
    public const string CommentActionId = "comment";

    /// <summary>Key of the item in a review button's value and in the modal's metadata.</summary>
    public const string ItemKey = "item";

    /// <summary>Key of the slot (feedback category or <c>final</c>) in a review button's value and in the modal's metadata.</summary>
    public const string SlotKey = "slot";

    /// <summary>Key of the verb's wire name in the modal's metadata.</summary>
    public const string VerbKey = "verb";

    /// <summary>Key of the caller's own metadata (e.g. the message the button was on) in the modal's metadata.</summary>
    public const string MetadataKey = "metadata";

    /// <summary>Key of the bypass id in a bypass button's value.</summary>
    public const string BypassKey = "bypass";

    /// <summary>The first part of the block ids of a sign-off message.</summary>
    public const string SignOffMessage = "signoff";

    /// <summary>The first part of the block ids of a bypass message.</summary>
    public const string BypassMessage = "bypass";

    /// <summary>The <c>block_id</c> of the modal's line naming the item and slot.</summary>
    public const string CommentContextBlockId = "review-comment.context";

    /// <summary>A button's <c>action_id</c>: the verb's wire name.</summary>
    public static string ActionId(ReviewVerb verb) => ReviewVerbs.Name(verb);

    /// <summary>Ends the <c>action_id</c> of an approve button that opens the comment modal (the comment optional).</summary>
    public const string WithCommentSuffix = "-comment";

    /// <summary>The text of the button that approves with a comment.</summary>
    public const string ApproveWithCommentText = "Approve with comment";

    /// <summary>True for the verbs that have an "Approve with comment" button beside their one-click one.</summary>
    public static bool HasWithComment(ReviewVerb verb) => verb is ReviewVerb.FeedbackApprove or ReviewVerb.FinalApprove;

    /// <summary>The <c>action_id</c> of the "Approve with comment" button: <c>feedback.approve-comment</c>, <c>final.approve-comment</c>.</summary>
    public static string WithCommentActionId(ReviewVerb verb) =>
        HasWithComment(verb) ? ReviewVerbs.Name(verb) + WithCommentSuffix : throw new ArgumentOutOfRangeException(nameof(verb), verb, "Only approve verbs have a with-comment button.");

    /// <summary>Reads an <c>action_id</c> this class wrote: the verb, and whether the button opens the comment modal.</summary>
    public static bool TryReadActionId(string? actionId, out ReviewVerb verb, out bool opensModal)
    {
        if (ReviewVerbs.TryParse(actionId, out verb))
        {
            opensModal = ReviewVerbs.NeedsComment(verb);
            return true;
        }

        opensModal = actionId is not null
            && actionId.EndsWith(WithCommentSuffix, StringComparison.Ordinal)
            && ReviewVerbs.TryParse(actionId[..^WithCommentSuffix.Length], out verb)
            && HasWithComment(verb);
        return opensModal;
    }

    /// <summary>A block id: <c>&lt;message&gt;.&lt;role&gt;.&lt;revision&gt;</c> (well under 255 characters).</summary>
    public static string BlockId(string message, string role, string revision) =>
        SlackText.Cut($"{message}.{role}.{revision}", BlockKitLimits.BlockId);

    /// <summary>Block roles of a sign-off or bypass message (the middle part of a block id).</summary>
    public static class Roles
    {
        public const string Header = "header";
        public const string Facts = "facts";
        public const string Evidence = "evidence";
        public const string Summary = "summary";
        public const string Delegations = "delegations";
        public const string Changes = "changes";
        public const string Divider = "divider";
        public const string Omitted = "omitted";
        public const string Decision = "decision";

        /// <summary>The section of feedback slot <paramref name="index"/> (0-based) or of the final slot (-1).</summary>
        public static string Slot(int index) => "slot-" + SlotPart(index);

        /// <summary>The note under a slot whose answers were shortened.</summary>
        public static string SlotNote(int index) => "note-" + SlotPart(index);

        /// <summary>A section holding several slots (when one per slot would not fit 50 blocks).</summary>
        public static string Slots(int first) => "slots-" + SlotPart(first);

        /// <summary>The line naming the slot the buttons below it answer.</summary>
        public static string AnswerLabel(int index) => "answer-" + SlotPart(index);

        /// <summary>The actions block of a slot's buttons.</summary>
        public static string Actions(int index) => "actions-" + SlotPart(index);

        private static string SlotPart(int index) => index < 0 ? "final" : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The value of a review button: <c>{"item","slot"}</c>, compact JSON.</summary>
    public static string ReviewValue(string item, string slot) =>
        SlackText.CompactJson(new JsonObject { [ItemKey] = item, [SlotKey] = slot });

    /// <summary>The value of a bypass button: <c>{"bypass"}</c>, compact JSON.</summary>
    public static string BypassValue(string bypassId) =>
        SlackText.CompactJson(new JsonObject { [BypassKey] = bypassId });

}
