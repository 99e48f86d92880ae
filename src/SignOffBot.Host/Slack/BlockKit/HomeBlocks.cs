using System.Text;
using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Items;

namespace SignOffBot.Host.Slack.BlockKit;

/// <summary>A review waiting for the Home's viewer: the item as they see it (with their buttons) and the slot that waits.</summary>
public sealed record HomePending(SignOffView View, string Slot);

/// <summary>
/// A person's App Home tab, for <c>views.publish</c> (<c>type: home</c>): "Waiting for you", each pending review as a
/// section naming the item, slot and risk followed by the same buttons the sign-off message gives this viewer for
/// that slot (<see cref="SignOffBlocks"/>' own, so the interactions endpoint handles their presses unchanged), then
/// "Your items" with each item's state and what it waits for. Nothing at all gives one empty-state text.
/// <para>A Home holds at most 100 blocks: at most <see cref="MaxPending"/> reviews and <see cref="MaxItemSections"/>
/// sections of items are shown, with a note saying how many more there are.</para>
/// </summary>
public static class HomeBlocks
{
    /// <summary>The most pending reviews shown (two blocks each).</summary>
    public const int MaxPending = 40;

    /// <summary>The most sections listing the viewer's items (each up to 3000 characters).</summary>
    public const int MaxItemSections = 5;

    /// <summary>The first part of the block ids of a Home view.</summary>
    public const string HomeMessage = "home";

    public const string Title = "Your sign-offs";

    public const string NothingPending = "_Nothing waits for your answer._";

    public const string NothingOwned = "_You own no open sign-offs._";

    public const string NothingAtAll =
        "Nothing waits for your answer, and you own no open sign-offs.\n`/signoff register <project> <name@version>` registers an item; `/signoff help` lists every command.";

    // Each line of "Your items" is cut so that one long key or a long list of slots cannot fill a section alone.
    private const int ItemLineChars = 900;

    /// <summary>The Home of a person of the directory.</summary>
    /// <param name="viewerName">Their display name, for the greeting.</param>
    /// <param name="pending">Their pending reviews, each with the view of its item as they see it.</param>
    /// <param name="owned">The items they own (views without actions).</param>
    public static JsonObject View(string viewerName, IReadOnlyList<HomePending> pending, IReadOnlyList<SignOffView> owned)
    {
        var blocks = new List<RoleBlock>
        {
            new("header", Blocks.Header(Title)),
            new("intro", Blocks.Context(Blocks.Mrkdwn(SlackMrkdwn.FromEscaped(
                $"Hello {SlackText.EscapeAndCut(viewerName, 200)}. These buttons answer like those on the sign-off messages; `/signoff help` lists every command."), verbatim: true))),
        };

        if (pending.Count == 0 && owned.Count == 0)
        {
            blocks.Add(new("empty", Section(SlackText.Escape(NothingAtAll))));
            return Finish(blocks);
        }

        blocks.Add(new("pending-title", Blocks.Header($"Waiting for you ({pending.Count})")));
        if (pending.Count == 0)
        {
            blocks.Add(new("pending-none", Section(NothingPending)));
        }

        foreach (var (review, index) in pending.Take(MaxPending).Select((p, i) => (p, i)))
        {
            blocks.Add(new($"pending-{index}", Section(PendingText(review))));
            if (SignOffBlocks.SlotButtons(review.View, review.Slot) is { Count: > 0 } buttons)
            {
                blocks.Add(new($"pending-actions-{index}", Blocks.Actions(buttons)));
            }
        }

        if (pending.Count > MaxPending)
        {
            blocks.Add(new("pending-more", Note($"_{pending.Count - MaxPending} more wait for you: `/signoff pending` lists them all._")));
        }

        blocks.Add(new("divider", Blocks.Divider()));
        blocks.Add(new("items-title", Blocks.Header($"Your items ({owned.Count})")));
        if (owned.Count == 0)
        {
            blocks.Add(new("items-none", Section(NothingOwned)));
        }

        var (sections, shown) = ItemSections(owned);
        blocks.AddRange(sections.Select((text, i) => new RoleBlock($"items-{i}", Section(text))));
        if (shown < owned.Count)
        {
            blocks.Add(new("items-more", Note(SlackText.Escape($"_{owned.Count - shown} more of your items are not shown here: `/signoff status <item>` shows one._"))));
        }

        return Finish(blocks);
    }

    /// <summary>The Home of a Slack user the directory does not know: how to be added.</summary>
    public static JsonObject Unknown(string howToBeAdded) => Finish(
    [
        new("header", Blocks.Header(Title)),
        new("unknown", Blocks.Section(Blocks.Mrkdwn(SlackMrkdwn.Plain(howToBeAdded, BlockKitLimits.SectionText)))),
    ]);

    /// <summary>"*item* · slot" and "Risk high · owner Dev Patel · feedback-requested".</summary>
    private static string PendingText(HomePending review)
    {
        var view = review.View;
        var slot = view.Feedback.Append(view.Final).FirstOrDefault(s => string.Equals(s.Slot, review.Slot, StringComparison.Ordinal))?.Title ?? review.Slot;
        return $"*{SlackText.EscapeAndCut(view.Item, 400)}* · {SlackText.EscapeAndCut(slot, 400)}\n"
            + $"Risk *{SlackText.Escape(view.Risk)}* · owner {SlackText.EscapeAndCut(view.Owner, 200)} · {SlackText.Escape(view.State)}";
    }

    /// <summary>"*item* · state · waiting for A and B", greedily packed into at most <see cref="MaxItemSections"/> sections.</summary>
    private static (List<string> Sections, int Shown) ItemSections(IReadOnlyList<SignOffView> owned)
    {
        var sections = new List<string>();
        var text = new StringBuilder();
        var shown = 0;
        foreach (var view in owned)
        {
            var line = ItemLine(view);
            if (text.Length > 0 && text.Length + 1 + line.Length > BlockKitLimits.SectionText)
            {
                sections.Add(text.ToString());
                text.Clear();
                if (sections.Count == MaxItemSections)
                {
                    return (sections, shown);
                }
            }

            text.Append(text.Length > 0 ? "\n" : "").Append(line);
            shown++;
        }

        if (text.Length > 0)
        {
            sections.Add(text.ToString());
        }

        return (sections, shown);
    }

    private static string ItemLine(SignOffView view)
    {
        var waiting = view.Feedback.Where(s => s.Requested && s.Answers.Count == 0).Select(s => s.Title).ToList();
        if (view.State == WireNames.Of(SignOffState.FinalApprovalRequested))
        {
            waiting.Add(view.Final.Title);
        }

        var line = $"*{SlackText.EscapeAndCut(view.Item, 400)}* · {SlackText.Escape(view.State)}";
        if (waiting.Count > 0)
        {
            line += " · waiting for " + SlackText.Escape(SlackText.Words(waiting));
        }

        return SlackText.CutEscaped(line, ItemLineChars);
    }

    private static JsonObject Section(string escapedMrkdwn) =>
        Blocks.Section(Blocks.Mrkdwn(SlackMrkdwn.FromEscaped(escapedMrkdwn), verbatim: true));

    private static JsonObject Note(string escapedMrkdwn) =>
        Blocks.Context(Blocks.Mrkdwn(SlackMrkdwn.FromEscaped(escapedMrkdwn), verbatim: true));

    private static JsonObject Finish(IReadOnlyList<RoleBlock> blocks) => new()
    {
        ["type"] = "home",
        ["blocks"] = SignOffBlocks.Finish(HomeMessage, SlackMrkdwn.Plain(Title), blocks).Blocks,
    };
}
