using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

public sealed partial record Item
{
    /// <summary>A reviewer's answer on one feedback slot; a later answer by the same person replaces it, history kept.</summary>
    public ActionResult<Item> SubmitFeedback(
        GovernanceModel governance, string actor, string category, FeedbackAnswerKind answer, string? comment, DateTimeOffset now)
    {
        var slot = SignOff.FindSlot(category);
        if (slot is null)
        {
            return ActionResult.Refuse(this, Rules.UnknownCategory(Key.Project, category, SignOff.Feedback.Select(s => s.Category)));
        }

        if (!MayAnswer(governance, slot, actor))
        {
            return ActionResult.Refuse(this, Rules.NotAssigned());
        }

        if (EndedRefusal() is { } ended)
        {
            return ActionResult.Refuse(this, ended);
        }

        if (!slot.Requested)
        {
            return ActionResult.Refuse(this, Rules.FeedbackNotRequested(slot.Category));
        }

        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is not null && TextLimits.CommentRefusal(comment) is { } badComment)
        {
            return ActionResult.Refuse(this, badComment);
        }

        if (answer != FeedbackAnswerKind.Approve && comment is null)
        {
            return ActionResult.Refuse(this, Rules.CommentRequired(answer == FeedbackAnswerKind.MinorIssue ? "a minor issue" : "a major issue"));
        }

        // Compared with the answers that still count: after a re-request or a withdrawal the same answer again is new.
        var latest = SignOff.CountedAnswers(slot).LastOrDefault(a => string.Equals(a.By, actor, StringComparison.OrdinalIgnoreCase));
        if (latest is not null && latest.Answer == answer && latest.Comment == comment)
        {
            return ActionResult.Same(this, $"Your answer on {slot.Category} is already {WireNames.Of(answer)}.");
        }

        var answered = slot with { Answers = [.. slot.Answers, new FeedbackAnswer(actor.ToLowerInvariant(), answer, comment, now)] };
        return Applied(SignOff.WithSlot(answered), AuditActions.Feedback, slot.Category, WireNames.Of(answer), comment);
    }
}
