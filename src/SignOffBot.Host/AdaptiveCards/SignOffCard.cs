using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>
/// The Teams sign-off card of a <see cref="SignOffView"/> (SPEC section 4, Cards): the item, every slot with its
/// answers, the delegations, then a comment box and the buttons for each slot the viewer may answer. The
/// card fits <see cref="MaxBytes"/>: long comments are cut and, when that is not enough, older answers are left
/// to the <c>status</c> command.
/// </summary>
public static class SignOffCard
{
    /// <summary>28 KB of compact UTF-8 JSON, the lowest message limit Teams was seen to enforce.</summary>
    public const int MaxBytes = 28 * 1024;

    public const int CommentChars = 500;

    public const int CommentMaxLength = Core.Items.TextLimits.Comment;

    public const string RefreshVerb = "refresh";

    /// <summary>The keys of an answer button's data; the comment is read from <c>data[data.commentInput]</c>.</summary>
    public const string ItemKey = "item";

    public const string SlotKey = "slot";

    public const string CommentInputKey = "commentInput";

    // Tried in order until the card fits; the last one lists no answers at all.
    private static readonly SlotHistory[] Compactions =
    [
        new(CommentChars, LatestOnly: false, MaxAnswers: int.MaxValue, MaxDelegations: int.MaxValue),
        new(CommentChars, LatestOnly: true, MaxAnswers: int.MaxValue, MaxDelegations: int.MaxValue),
        new(200, LatestOnly: true, MaxAnswers: 20, MaxDelegations: 20),
        new(80, LatestOnly: true, MaxAnswers: 8, MaxDelegations: 8),
        new(0, LatestOnly: true, MaxAnswers: 0, MaxDelegations: 3),
    ];

    public static JsonObject Build(SignOffView view, IReadOnlyList<string> refreshUserIds)
    {
        JsonObject card = null!;
        foreach (var history in Compactions)
        {
            card = CardJson.ToJsonObject(Card(view, refreshUserIds, history));
            if (CardJson.Utf8Bytes(card) <= MaxBytes)
            {
                break;
            }
        }

        return card;
    }

    /// <summary>The id of the comment box of a slot the viewer answers (unique in the card).</summary>
    public static string CommentInputId(string slot) => "comment-" + CardText.Slug(slot);

    private static AdaptiveCard Card(SignOffView view, IReadOnlyList<string> refreshUserIds, SlotHistory history)
    {
        var body = new List<CardElement>();
        body.AddRange(SignOffCardHeader.Elements(view));
        body.Add(Section("Feedback"));
        if (view.Feedback.Count == 0)
        {
            body.Add(new TextBlock("No feedback categories.") { Wrap = true, IsSubtle = true });
        }

        body.AddRange(view.Feedback.Select(slot => SignOffCardSlots.Slot(view.Item, slot, history)));
        body.Add(Section(SignOffViews.FinalTitle));
        body.Add(SignOffCardSlots.Slot(view.Item, view.Final, history, titled: false));
        body.AddRange(Lines("Delegations", view.Delegations, view.Item, history));
        body.AddRange(Lines("Changes", view.ChangeLines, view.Item, history));
        body.AddRange(AnswerBoxes(view));

        var ids = refreshUserIds.Distinct(StringComparer.Ordinal).Take(Refresh.MaxUserIds).ToList();
        return new AdaptiveCard(body)
        {
            Refresh = ids.Count == 0
                ? null
                : new Refresh(new ExecuteAction(null, RefreshVerb, new JsonObject { [ItemKey] = view.Item }), ids),
        };
    }

    private static TextBlock Section(string title) =>
        new(title) { Size = TextSize.Medium, Weight = TextWeight.Bolder, Wrap = true, Separator = true, Spacing = Spacing.Medium };

    private static IEnumerable<CardElement> Lines(string title, IReadOnlyList<string> lines, string item, SlotHistory history)
    {
        if (lines.Count == 0)
        {
            yield break;
        }

        yield return Section(title);
        var shown = lines.TakeLast(history.MaxDelegations).ToList();
        if (shown.Count < lines.Count)
        {
            yield return Note($"{lines.Count - shown.Count} earlier {title.ToLowerInvariant()}: see status {item}");
        }

        foreach (var line in shown)
        {
            yield return new TextBlock(line) { Wrap = true, Spacing = Spacing.Small };
        }
    }

    private static IEnumerable<CardElement> AnswerBoxes(SignOffView view)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in view.Actions.GroupBy(a => a.Slot, StringComparer.Ordinal))
        {
            var slot = group.Key;
            var title = view.Feedback.Append(view.Final).FirstOrDefault(s => s.Slot == slot)?.Title ?? slot;
            var id = CommentInputId(slot);
            for (var n = 2; !ids.Add(id); n++)
            {
                id = $"{CommentInputId(slot)}-{n}";
            }

            var needing = group.Where(a => a.NeedsComment).Select(a => a.Title).ToList();
            var data = new JsonObject { [ItemKey] = view.Item, [SlotKey] = slot, [CommentInputKey] = id };
            var buttons = group.Select(a => (CardAction)new ExecuteAction(a.Title, a.VerbName, (JsonObject)data.DeepClone())
            {
                AssociatedInputs = AdaptiveCards.AssociatedInputs.Auto,
            });

            var items = new List<CardElement>
            {
                new TextBlock($"Your answer: {title}") { Weight = TextWeight.Bolder, Wrap = true },
                new InputText(id, $"Comment on {title} ({(needing.Count == 0 ? "optional" : "required for " + CardText.Words(needing))})")
                {
                    Placeholder = needing.Count == 0 ? "Your comment (optional)" : "What did you find? Required for " + CardText.Words(needing),
                    IsMultiline = true,
                    MaxLength = CommentMaxLength,
                },
            };
            items.AddRange(ActionSet.Of(buttons));
            yield return new Container(items) { Style = "emphasis", Separator = true, Spacing = Spacing.Medium };
        }
    }

    internal static TextBlock Note(string text) => new(text) { Wrap = true, IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Small };
}

/// <summary>How much answer history the card shows: comment length (0: none), latest answer per person only, counts.</summary>
internal sealed record SlotHistory(int CommentChars, bool LatestOnly, int MaxAnswers, int MaxDelegations);
