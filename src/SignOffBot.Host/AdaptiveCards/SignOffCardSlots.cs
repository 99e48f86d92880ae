using SignOffBot.Core.Conversations;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>One slot of the sign-off card: who holds it, whether it was requested, and its answers.</summary>
internal static class SignOffCardSlots
{
    /// <summary>The slot's container; <paramref name="titled"/> false when a section heading already names it.</summary>
    public static Container Slot(string item, SlotView slot, SlotHistory history, bool titled = true)
    {
        var items = new List<CardElement>();
        if (titled)
        {
            items.Add(new TextBlock(slot.Title) { Weight = TextWeight.Bolder, Wrap = true });
        }

        items.Add(new TextBlock($"{slot.Holder} · {slot.StatusText}") { Wrap = true, IsSubtle = true, Spacing = Spacing.None });

        var shown = Shown(slot.Answers, history);
        if (slot.Answers.Count == 0)
        {
            items.Add(SignOffCard.Note("No answer yet."));
        }
        else if (shown.Count < slot.Answers.Count)
        {
            items.Add(SignOffCard.Note(history.LatestOnly && shown.Count > 0 && history.MaxAnswers == int.MaxValue
                ? $"Each person's latest answer; earlier answers: see status {item}"
                : $"{shown.Count} of {slot.Answers.Count} answers shown; earlier answers: see status {item}"));
        }

        foreach (var answer in shown)
        {
            items.Add(Answer(answer));
            if (history.CommentChars > 0 && !string.IsNullOrWhiteSpace(answer.Comment))
            {
                items.Add(new TextBlock(CardText.Cut(answer.Comment.Trim(), history.CommentChars)) { Wrap = true, Spacing = Spacing.None });
            }
        }

        if (history.CommentChars == 0 && shown.Any(a => !string.IsNullOrWhiteSpace(a.Comment)))
        {
            items.Add(SignOffCard.Note($"Comments: see status {item}"));
        }

        return new Container(items) { Spacing = titled ? Spacing.Medium : Spacing.Small };
    }

    private static List<AnswerView> Shown(IReadOnlyList<AnswerView> answers, SlotHistory history)
    {
        IEnumerable<AnswerView> shown = answers;
        if (history.LatestOnly)
        {
            var latest = answers
                .Select((a, index) => (a, index))
                .GroupBy(x => x.a.By, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.Last())
                .OrderBy(x => x.index)
                .Select(x => x.a);
            shown = latest;
        }

        return shown.TakeLast(history.MaxAnswers).ToList();
    }

    private static ColumnSet Answer(AnswerView answer) => new(
    [
        new Column([new TextBlock(answer.ByName) { Weight = TextWeight.Bolder, Wrap = true }]) { Width = "auto" },
        new Column([new TextBlock(answer.Answer) { Color = ColorOf(answer.Answer), Weight = TextWeight.Bolder }]) { Width = "auto" },
        new Column([new TextBlock(answer.Note is null ? ReaderTime.Mark(answer.At) : $"{ReaderTime.Mark(answer.At)} · {answer.Note}") { IsSubtle = true, Wrap = true }]) { Width = "stretch" },
    ])
    {
        Spacing = Spacing.Small,
    };

    private static TextColor? ColorOf(string answer) => answer switch
    {
        "approve" => TextColor.Good,
        "minor-issue" => TextColor.Warning,
        "major-issue" or "reject" => TextColor.Attention,
        _ => null,
    };
}
