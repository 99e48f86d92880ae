using System.Text;
using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.Slack.BlockKit;

/// <summary>
/// The mrkdwn of one slot of a sign-off message: its title, holder, whether it was requested, and its answers
/// (who, answer, time in the reader's zone, comment). The text plus its note fit a budget (3000 characters, a section's limit):
/// comments are cut to <see cref="SignOffBlocks.CommentChars"/>; when that is not enough only each person's
/// latest answer is kept, comments are cut shorter, then left out, then only the latest answers that fit are
/// kept; the note then says what was left out and where to read it all.
/// </summary>
internal static class SignOffSlotText
{
    private static readonly History[] Levels =
    [
        new(SignOffBlocks.CommentChars, LatestOnly: false),
        new(SignOffBlocks.CommentChars, LatestOnly: true),
        new(200, LatestOnly: true),
        new(80, LatestOnly: true),
        new(0, LatestOnly: true),
    ];

    /// <summary>The slot's text and, when answers or comments were left out, a note saying so.</summary>
    public static Rendered Render(string item, SlotView slot, int budget)
    {
        foreach (var level in Levels)
        {
            var shown = Shown(slot.Answers, level.LatestOnly);
            var rendered = Compose(item, slot, shown, level.CommentChars);
            if (rendered.Length <= budget)
            {
                return rendered;
            }
        }

        // Each person's latest answer without comments is still too long: the latest answers that fit.
        var latest = Shown(slot.Answers, latestOnly: true);
        for (var keep = latest.Count - 1; keep >= 0; keep--)
        {
            var rendered = Compose(item, slot, latest.Skip(latest.Count - keep).ToList(), 0);
            if (rendered.Length <= budget)
            {
                return rendered;
            }
        }

        // Only a huge title or holder gets here (both are cut below); never more than the budget.
        var bare = Compose(item, slot, [], 0);
        return new Rendered(SlackText.Cut(bare.Text, Math.Max(1, budget - (bare.Note is null ? 0 : bare.Note.Length + 1))), bare.Note);
    }

    private static Rendered Compose(string item, SlotView slot, IReadOnlyList<AnswerView> shown, int commentChars)
    {
        var text = new StringBuilder(Title(slot));
        if (slot.Answers.Count == 0)
        {
            text.Append("\n_No answer yet._");
        }

        foreach (var answer in shown)
        {
            text.Append('\n').Append(Line(answer));
            if (commentChars > 0 && !string.IsNullOrWhiteSpace(answer.Comment))
            {
                text.Append('\n').Append(SlackText.Quote(SlackText.EscapeAndCut(answer.Comment.Trim(), commentChars)));
            }
        }

        var commentsLeftOut = commentChars == 0 && shown.Any(a => !string.IsNullOrWhiteSpace(a.Comment));
        return new Rendered(text.ToString(), Note(item, slot.Answers, shown, commentsLeftOut));
    }

    /// <summary>"*IT &amp; Operations* · Olga Sørensen · requested".</summary>
    private static string Title(SlotView slot) =>
        $"*{SlackText.EscapeAndCut(slot.Title, 200)}* · {SlackText.EscapeAndCut(slot.Holder, 500)} · {SlackText.EscapeAndCut(slot.StatusText, 500)}";

    /// <summary>":warning: *Olga Sørensen* minor-issue · &lt;!date^1772443800^{date_short_pretty} {time}|2026-03-02 09:30 UTC&gt;".</summary>
    private static string Line(AnswerView answer) =>
        $"{Emoji(answer.Answer)} *{SlackText.EscapeAndCut(answer.ByName, 200)}* {SlackText.EscapeAndCut(answer.Answer, 50)} · {SlackText.Date(answer.At)}{(answer.Note is null ? string.Empty : $" · _{SlackText.Escape(answer.Note)}_")}";

    private static string? Note(string item, IReadOnlyList<AnswerView> answers, IReadOnlyList<AnswerView> shown, bool commentsLeftOut)
    {
        string? which = null;
        if (shown.Count < answers.Count)
        {
            which = shown.Count == Shown(answers, latestOnly: true).Count
                ? "Each person's latest answer is shown"
                : $"The latest {shown.Count} of {answers.Count} answers are shown";
        }

        if (which is null && !commentsLeftOut)
        {
            return null;
        }

        var what = which is null ? "Comments are left out" : commentsLeftOut ? which + ", without comments" : which;
        return $"_{what}. Every answer with its comment: `/signoff audit {SlackText.Escape(item)}`_";
    }

    private static List<AnswerView> Shown(IReadOnlyList<AnswerView> answers, bool latestOnly) => latestOnly
        ? answers
            .Select((a, index) => (a, index))
            .GroupBy(x => x.a.By, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Last())
            .OrderBy(x => x.index)
            .Select(x => x.a)
            .ToList()
        : [.. answers];

    private static string Emoji(string answer) => answer switch
    {
        "approve" => ":white_check_mark:",
        "minor-issue" => ":warning:",
        "major-issue" => ":red_circle:",
        "reject" => ":no_entry:",
        "abandon" => ":heavy_minus_sign:",
        _ => ":speech_balloon:",
    };

    private sealed record History(int CommentChars, bool LatestOnly);

    /// <summary>A slot's mrkdwn and its note (null when nothing was left out); <see cref="Length"/> counts both on one text.</summary>
    internal sealed record Rendered(string Text, string? Note)
    {
        public int Length => Text.Length + (Note is null ? 0 : Note.Length + 1);

        /// <summary>The text with the note as its last line.</summary>
        public string WithNote => Note is null ? Text : Text + "\n" + Note;
    }
}
