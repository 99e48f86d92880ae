using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.Slack.BlockKit;

/// <summary>
/// The Slack sign-off message of a <see cref="SignOffView"/> (SPEC section 4, Cards), for <c>chat.postMessage</c>,
/// <c>chat.update</c> or a <c>response_url</c>: a header with the item, the facts, the evidence links, one section
/// per slot with every answer, the delegations, then for each slot the viewer may answer a line naming it and an
/// actions block with exactly the view's buttons (<c>action_id</c> = the verb's wire name, value
/// <c>{"item","slot"}</c>), each Approve followed by an "Approve with comment" button that opens the comment modal.
/// A view without actions (a channel copy) has no buttons: one Slack message is the same for everyone who sees it,
/// so buttons belong in the copies sent to one person.
/// <para>The message keeps Block Kit's limits (<see cref="BlockKitLimits"/>): sections of at most 3000
/// characters (long comments cut; in a long history each person's latest answer, with a note) and at most 50
/// blocks (notes folded into their slots, then slots sharing sections, then the least useful slots left out
/// with a note).</para>
/// </summary>
public static class SignOffBlocks
{
    /// <summary>Comments are cut to this many characters first.</summary>
    public const int CommentChars = 500;

    /// <summary>The top-level fallback text is cut to this (chat.update allows 4000).</summary>
    public const int FallbackChars = 3000;

    // Tried in order until the message has at most 50 blocks; the last one is trimmed if needed.
    private static readonly Layout[] Layouts =
    [
        new(NotesInline: false, PackSlots: false, Divider: true),
        new(NotesInline: true, PackSlots: false, Divider: true),
        new(NotesInline: true, PackSlots: true, Divider: false),
    ];

    /// <summary>The message: its text and blocks.</summary>
    public static SlackMessage Message(SignOffView view)
    {
        List<RoleBlock> blocks = [];
        foreach (var layout in Layouts)
        {
            blocks = Compose(view, layout);
            if (blocks.Count <= BlockKitLimits.MessageBlocks)
            {
                break;
            }
        }

        if (blocks.Count > BlockKitLimits.MessageBlocks)
        {
            blocks = Trim(view, blocks);
        }

        return Finish(SlackActionIds.SignOffMessage, Fallback(view), blocks);
    }

    /// <summary>
    /// The notification and screen-reader text: "Sign-off fraud-detection/churn-xgb@7 (model, risk high, owner Dev
    /// Patel): feedback-requested." plus, for a viewer with buttons, which slots wait for them.
    /// </summary>
    public static SlackMrkdwn Fallback(SignOffView view)
    {
        var text = $"Sign-off {view.Item} ({view.Kind}, risk {view.Risk}, owner {view.Owner}): {view.State}.";
        var waiting = ActionGroups(view).Select(g => g.Title).ToList();
        if (waiting.Count > 0)
        {
            text += $" Your answer is requested for {SlackText.Words(waiting)}.";
        }

        return SlackMrkdwn.Plain(text, FallbackChars);
    }

    /// <summary>Sets every block's id (<c>&lt;message&gt;.&lt;role&gt;.&lt;revision&gt;</c>) and wraps the blocks with the text.</summary>
    internal static SlackMessage Finish(string message, SlackMrkdwn text, IReadOnlyList<RoleBlock> blocks)
    {
        var array = new JsonArray([.. blocks.Select(b => (JsonNode)b.Block)]);

        // The revision is a digest of the content, so a changed message gets new block ids and an unchanged one the same.
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text.Text + "\n" + array.ToJsonString()));
        var revision = Convert.ToHexStringLower(digest, 0, 5);
        foreach (var block in blocks)
        {
            block.Block.Insert(1, "block_id", SlackActionIds.BlockId(message, block.Role, revision));
        }

        return new SlackMessage(text, array);
    }

    private static List<RoleBlock> Compose(SignOffView view, Layout layout)
    {
        var blocks = new List<RoleBlock>();
        blocks.AddRange(Top(view));

        var groups = ActionGroups(view);
        var labels = groups.Count * 2 + (layout.Divider && groups.Count > 0 ? 1 : 0);
        var delegations = (view.Delegations.Count > 0 ? 1 : 0) + (view.ChangeLines.Count > 0 ? 1 : 0);
        var slots = Slots(view);
        if (view.Feedback.Count == 0)
        {
            blocks.Add(new(SlackActionIds.Roles.Summary, Blocks.Context(Blocks.Mrkdwn(SlackMrkdwn.FromEscaped("_No feedback categories._")))));
        }

        if (layout.PackSlots)
        {
            // Each slot gets its share of the sections left, so a few packed sections can hold them all.
            var room = Math.Max(1, BlockKitLimits.MessageBlocks - blocks.Count - labels - delegations);
            var budget = Math.Clamp(BlockKitLimits.SectionText * room / Math.Max(1, slots.Count) - 2, 300, BlockKitLimits.SectionText);
            blocks.AddRange(Packed(slots.Select(s => (s.Index, SignOffSlotText.Render(view.Item, s.Slot, budget).WithNote)).ToList()));
        }
        else
        {
            foreach (var (index, slot) in slots)
            {
                var rendered = SignOffSlotText.Render(view.Item, slot, BlockKitLimits.SectionText);
                var text = layout.NotesInline ? rendered.WithNote : rendered.Text;
                blocks.Add(new(SlackActionIds.Roles.Slot(index), Blocks.Section(Blocks.Mrkdwn(SlackMrkdwn.FromEscaped(text), verbatim: true)), BlockKind.Slot));
                if (!layout.NotesInline && rendered.Note is not null)
                {
                    blocks.Add(new(SlackActionIds.Roles.SlotNote(index), Blocks.Context(Blocks.Mrkdwn(SlackMrkdwn.FromEscaped(rendered.Note), verbatim: true))));
                }
            }
        }

        if (view.Delegations.Count > 0)
        {
            blocks.Add(new(SlackActionIds.Roles.Delegations, Blocks.Context(Blocks.Mrkdwn(Lines("*Delegations*", view.Delegations, view.Item), verbatim: true))));
        }

        if (view.ChangeLines.Count > 0)
        {
            blocks.Add(new(SlackActionIds.Roles.Changes, Blocks.Context(Blocks.Mrkdwn(Lines("*Changes*", view.ChangeLines, view.Item), verbatim: true))));
        }

        if (layout.Divider && groups.Count > 0)
        {
            blocks.Add(new(SlackActionIds.Roles.Divider, Blocks.Divider()));
        }

        foreach (var group in groups)
        {
            blocks.Add(new(SlackActionIds.Roles.AnswerLabel(group.Ordinal), Blocks.Context(Blocks.Mrkdwn(Label(group), verbatim: true)), BlockKind.Label));
            blocks.Add(new(SlackActionIds.Roles.Actions(group.Ordinal), Blocks.Actions(Buttons(view, group)), BlockKind.Actions));
        }

        return blocks;
    }

    /// <summary>Header, facts, evidence.</summary>
    private static IEnumerable<RoleBlock> Top(SignOffView view)
    {
        var header = $"Sign-off: {view.Item}";
        yield return new(SlackActionIds.Roles.Header, Blocks.Header(header));

        var project = string.Equals(view.ProjectName, view.Project, StringComparison.Ordinal)
            ? view.Project
            : $"{view.ProjectName} ({view.Project})";
        var fields = new List<SlackMrkdwn>();
        if (header.Length > BlockKitLimits.HeaderText)
        {
            fields.Add(Field("Item", view.Item));
        }

        fields.Add(Field("Project", project));
        fields.Add(Field("Kind", view.Kind));
        fields.Add(Field("Risk", view.Risk));
        fields.Add(Field("Owner", view.Owner));
        fields.Add(Field("State", view.State));

        // The change ticket is an id, not a link: plain text.
        fields.AddRange(view.Evidence.Where(e => e.Url is null).Select(e => Field(e.Label, e.Text)));
        yield return new(SlackActionIds.Roles.Facts, Blocks.Fields(fields));

        yield return new(SlackActionIds.Roles.Evidence, Blocks.Section(Blocks.Mrkdwn(Evidence(view))));
    }

    private static SlackMrkdwn Field(string label, string value) =>
        SlackMrkdwn.FromEscaped($"*{SlackText.Escape(label)}*\n{SlackText.EscapeAndCut(value, BlockKitLimits.SectionFieldText - label.Length - 10)}");

    /// <summary>"*Evidence:* &lt;url|Model card&gt; · ..."; a link too long for the section is named without its URL.</summary>
    private static SlackMrkdwn Evidence(SignOffView view)
    {
        var links = view.Evidence.Where(e => e.Url is not null).ToList();
        if (links.Count == 0)
        {
            return SlackMrkdwn.FromEscaped("*Evidence links:* none");
        }

        var perLink = (BlockKitLimits.SectionText - 100) / links.Count;
        var parts = links.Select(e =>
        {
            var link = SlackText.Link(e.Url!, e.Label);
            return link.Length <= perLink ? link : $"{SlackText.EscapeAndCut(e.Label, 100)} (link too long to show)";
        });
        return SlackMrkdwn.FromEscaped("*Evidence links:* " + string.Join(" · ", parts));
    }

    /// <summary>History lines, latest last; when they do not fit one text, the latest that do with a count of the rest.</summary>
    private static SlackMrkdwn Lines(string title, IReadOnlyList<string> history, string item)
    {
        var lines = history.Select(d => SlackText.EscapeAndCut(d, 300)).ToList();
        var kept = new List<string>();
        var length = title.Length + 100;
        for (var i = lines.Count - 1; i >= 0 && length + lines[i].Length + 1 <= BlockKitLimits.Text; i--)
        {
            kept.Insert(0, lines[i]);
            length += lines[i].Length + 1;
        }

        var earlier = lines.Count - kept.Count;
        var head = earlier == 0 ? title : $"{title} _({earlier} earlier: `/signoff audit {SlackText.Escape(item)}`)_";
        return SlackMrkdwn.FromEscaped(SlackText.CutEscaped(string.Join('\n', kept.Prepend(head)), BlockKitLimits.Text));
    }

    private static List<(int Index, SlotView Slot)> Slots(SignOffView view) =>
        [.. view.Feedback.Select((slot, i) => (i, slot)), (-1, view.Final)];

    /// <summary>Slot texts greedily sharing sections of at most 3000 characters.</summary>
    private static IEnumerable<RoleBlock> Packed(IReadOnlyList<(int Index, string Text)> slots)
    {
        var text = new StringBuilder();
        var first = 0;
        foreach (var (index, slotText) in slots)
        {
            if (text.Length > 0 && text.Length + 2 + slotText.Length > BlockKitLimits.SectionText)
            {
                yield return new(SlackActionIds.Roles.Slots(first), Blocks.Section(Blocks.Mrkdwn(SlackMrkdwn.FromEscaped(text.ToString()), verbatim: true)), BlockKind.Slot);
                text.Clear();
            }

            if (text.Length == 0)
            {
                first = index;
            }
            else
            {
                text.Append("\n\n");
            }

            text.Append(slotText);
        }

        if (text.Length > 0)
        {
            yield return new(SlackActionIds.Roles.Slots(first), Blocks.Section(Blocks.Mrkdwn(SlackMrkdwn.FromEscaped(text.ToString()), verbatim: true)), BlockKind.Slot);
        }
    }

    /// <summary>
    /// The last resort for a project with very many slots: keeps the top and the delegations, drops slot sections
    /// (never the last, with the final approval) and then the viewer's last labelled button groups until the
    /// message fits, and says what is not shown. Buttons always keep the line naming their slot.
    /// </summary>
    private static List<RoleBlock> Trim(SignOffView view, List<RoleBlock> blocks)
    {
        var result = blocks.ToList();
        var droppedSlots = 0;
        var droppedGroups = 0;
        bool TooMany() => result.Count + 1 > BlockKitLimits.MessageBlocks;

        var lastSlot = result.FindLastIndex(b => b.Kind == BlockKind.Slot);
        for (var i = lastSlot - 1; i >= 0 && TooMany(); i--)
        {
            if (result[i].Kind == BlockKind.Slot)
            {
                result.RemoveAt(i);
                droppedSlots++;
            }
        }

        while (TooMany() && result.FindLastIndex(b => b.Kind == BlockKind.Actions) is var actions and >= 0)
        {
            result.RemoveAt(actions);
            if (actions > 0 && result[actions - 1].Kind == BlockKind.Label)
            {
                result.RemoveAt(actions - 1);
            }

            droppedGroups++;
        }

        var what = SlackText.JoinNonEmpty(
            "; ",
            droppedSlots > 0 ? "some review slots are not shown" : null,
            droppedGroups > 0 ? $"{droppedGroups} more slot{(droppedGroups == 1 ? "" : "s")} of yours wait{(droppedGroups == 1 ? "s" : "")} for an answer" : null);
        var note = $"_Too much for one Slack message: {what}. `/signoff pending` lists what waits for you, `/signoff audit {SlackText.Escape(view.Item)}` every answer._";
        var at = result.FindLastIndex(b => b.Kind == BlockKind.Slot);
        result.Insert(at < 0 ? Math.Min(3, result.Count) : at + 1, new(SlackActionIds.Roles.Omitted, Blocks.Context(Blocks.Mrkdwn(SlackMrkdwn.FromEscaped(note)))));
        return result;
    }

    private static SlackMrkdwn Label(ActionGroup group)
    {
        var needing = group.Actions.Where(a => a.NeedsComment).Select(a => a.Title).ToList();
        var comment = needing.Count == 0 ? "" : $" · {SlackText.Escape(SlackText.Words(needing))} ask{(needing.Count == 1 ? "s" : "")} for a comment";
        return SlackMrkdwn.FromEscaped($"Your answer for *{SlackText.EscapeAndCut(group.Title, 200)}*{comment}");
    }

    /// <summary>
    /// The buttons the viewer has for one slot (none when the view has no action for it), as on the message: for
    /// other surfaces (the App Home) that offer a slot's answers without the whole card.
    /// </summary>
    internal static IReadOnlyList<JsonObject> SlotButtons(SignOffView view, string slot) =>
        ActionGroups(view).FirstOrDefault(g => string.Equals(g.Actions[0].Slot, slot, StringComparison.Ordinal)) is { } group
            ? Buttons(view, group)
            : [];

    /// <summary>The group's buttons in the view's order; an approve is followed by "Approve with comment".</summary>
    private static List<JsonObject> Buttons(SignOffView view, ActionGroup group)
    {
        var buttons = new List<JsonObject>();
        foreach (var action in group.Actions)
        {
            var value = SlackActionIds.ReviewValue(view.Item, action.Slot);
            buttons.Add(Blocks.Button(action.Title, action.VerbName, value, Style(action.Verb), $"{action.Title}: {group.Title}"));
            if (SlackActionIds.HasWithComment(action.Verb))
            {
                buttons.Add(Blocks.Button(
                    SlackActionIds.ApproveWithCommentText,
                    SlackActionIds.WithCommentActionId(action.Verb),
                    value,
                    ButtonStyle.Default,
                    $"{SlackActionIds.ApproveWithCommentText}: {group.Title}"));
            }
        }

        return buttons;
    }

    private static ButtonStyle Style(ReviewVerb verb) => verb switch
    {
        ReviewVerb.FeedbackApprove or ReviewVerb.FinalApprove or ReviewVerb.BypassGrant => ButtonStyle.Primary,
        ReviewVerb.FeedbackMajorIssue or ReviewVerb.FinalReject or ReviewVerb.BypassDeny => ButtonStyle.Danger,
        _ => ButtonStyle.Default,
    };

    /// <summary>The view's actions grouped by slot, in the order of the view, with the slot's title.</summary>
    private static List<ActionGroup> ActionGroups(SignOffView view) =>
    [
        .. view.Actions
            .GroupBy(a => a.Slot, StringComparer.Ordinal)
            .Select((g, ordinal) => new ActionGroup(
                ordinal,
                view.Feedback.Append(view.Final).FirstOrDefault(s => string.Equals(s.Slot, g.Key, StringComparison.Ordinal))?.Title ?? g.Key,
                [.. g])),
    ];

    private sealed record Layout(bool NotesInline, bool PackSlots, bool Divider);

    private sealed record ActionGroup(int Ordinal, string Title, IReadOnlyList<ViewAction> Actions);
}

/// <summary>A block, its role (the middle part of its block id) and what it is for when a message must be trimmed.</summary>
internal sealed record RoleBlock(string Role, JsonObject Block, BlockKind Kind = BlockKind.Other);

internal enum BlockKind
{
    Other,
    Slot,
    Label,
    Actions,
}
