using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Conversations;

/// <summary>Builds the <see cref="SignOffView"/> of an item for one viewer (null: a channel, no buttons).</summary>
public static class SignOffViews
{
    public const string FinalTitle = "Final approval";

    public static SignOffView For(Item item, GovernanceModel governance, string? viewer)
    {
        var signOff = item.SignOff;
        var project = governance.FindProject(item.Key.Project);
        return new SignOffView(
            item.Key.ToString(),
            item.Key.Project,
            project?.Name ?? item.Key.Project,
            WireNames.Of(item.Kind),
            WireNames.Of(item.Risk),
            governance.DisplayName(item.Owner),
            WireNames.Of(signOff.State),
            EvidenceLinks(item.Evidence),
            signOff.Feedback.Select(s => new SlotView(
                s.Category, s.Category, Holder(s.Assignees, s.Delegate, governance), s.Requested,
                s.Answers.Select(a => new AnswerView(a.By, governance.DisplayName(a.By), WireNames.Of(a.Answer), a.Comment, a.At, signOff.NoteOn(s, a))).ToList(),
                StatusOf(signOff, s, governance))).ToList(),
            new SlotView(
                SlotNames.Final, FinalTitle, Holder(signOff.Final.Assignees, signOff.Final.Delegate, governance),
                signOff.State is SignOffState.FinalApprovalRequested || signOff.Final.Decision is not null,
                signOff.Final.Decision is { } d
                    ? [new AnswerView(d.By, governance.DisplayName(d.By), WireNames.Of(d.Decision), d.Comment, d.At)]
                    : []),
            signOff.Delegations.Select(d => $"{(d.Slot == SlotNames.Final ? FinalTitle : d.Slot)}: delegated to {governance.DisplayName(d.To)} by {governance.DisplayName(d.By)}").ToList(),
            viewer is null ? [] : Actions(item, governance, viewer),
            Changes(item, governance));
    }

    private static string? StatusOf(SignOff signOff, FeedbackSlot slot, GovernanceModel governance)
    {
        var last = signOff.History.LastOrDefault(c => c.Slot is not null && SlotNames.Normalize(c.Slot) == SlotNames.Normalize(slot.Category));
        var why = last?.Reason is { } reason ? $": {reason}" : string.Empty;
        return last switch
        {
            { Kind: SignOffChangeKind.Withdrawn } when !slot.Requested => $"withdrawn by {governance.DisplayName(last.By)} on {ReaderTime.Mark(last.At)}{why}",
            { Kind: SignOffChangeKind.ReRequested } when slot.Requested => $"asked again by {governance.DisplayName(last.By)} on {ReaderTime.Mark(last.At)}{why}",
            _ => null,
        };
    }

    private static List<string> Changes(Item item, GovernanceModel governance)
    {
        var lines = new List<string>();
        foreach (var change in item.SignOff.History)
        {
            var who = governance.DisplayName(change.By);
            var line = change.Kind switch
            {
                SignOffChangeKind.EvidenceChanged => $"Evidence changed by {who} on {ReaderTime.Mark(change.At)} ({change.Reason})",
                SignOffChangeKind.Revoked => $"Approval by {governance.DisplayName(change.EndedDecision?.By ?? "?")} revoked by {who} on {ReaderTime.Mark(change.At)}: {change.Reason}",
                SignOffChangeKind.Recertified => $"Approval by {governance.DisplayName(change.EndedDecision?.By ?? "?")} expired; re-certification requested by {who} on {ReaderTime.Mark(change.At)}",
                SignOffChangeKind.Withdrawn when change.Slot == SlotNames.Final => $"Final approval request withdrawn by {who} on {ReaderTime.Mark(change.At)}: {change.Reason}",
                _ => null,
            };
            if (line is not null)
            {
                lines.Add(line);
            }
        }

        if (item.ApprovalExpiresAt(governance) is { } expires)
        {
            lines.Add($"Approval valid until {ReaderTime.Mark(expires)}; then deploy-checks need a re-certification");
        }

        return lines;
    }

    private static List<ViewAction> Actions(Item item, GovernanceModel governance, string viewer)
    {
        var actions = new List<ViewAction>();
        var signOff = item.SignOff;
        if (!signOff.IsOpen || signOff.State == SignOffState.NotStarted)
        {
            return actions;
        }

        foreach (var slot in signOff.Feedback.Where(s => s.Requested && item.MayAnswer(governance, s, viewer)))
        {
            actions.AddRange(new[] { ReviewVerb.FeedbackApprove, ReviewVerb.FeedbackMinorIssue, ReviewVerb.FeedbackMajorIssue }
                .Select(v => Action(v, slot.Category)));
        }

        if (item.MayDecide(governance, viewer))
        {
            // The owner never sees Approve on their own item (segregation of duties); reject and abandon remain.
            var verbs = item.IsOwnedBy(viewer)
                ? new[] { ReviewVerb.FinalReject, ReviewVerb.FinalAbandon }
                : new[] { ReviewVerb.FinalApprove, ReviewVerb.FinalReject, ReviewVerb.FinalAbandon };
            actions.AddRange(verbs.Select(v => Action(v, SlotNames.Final)));
        }

        return actions;
    }

    private static ViewAction Action(ReviewVerb verb, string slot) =>
        new(verb, ReviewVerbs.Name(verb), slot, ReviewVerbs.Title(verb), ReviewVerbs.NeedsComment(verb));

    private static string Holder(IReadOnlyList<Assignee> assignees, string? delegatePerson, GovernanceModel governance) =>
        delegatePerson is not null
            ? $"{governance.DisplayName(delegatePerson)} (delegated)"
            : string.Join(", ", assignees.Select(governance.Describe));

    private static List<EvidenceLink> EvidenceLinks(Evidence evidence)
    {
        var links = new List<EvidenceLink>();
        foreach (var kind in Enum.GetValues<EvidenceKind>())
        {
            if (evidence.Get(kind) is { } value)
            {
                var label = char.ToUpperInvariant(Evidence.Describe(kind)[0]) + Evidence.Describe(kind)[1..];
                links.Add(new EvidenceLink(label, value, kind == EvidenceKind.Ticket ? null : value));
            }
        }

        return links;
    }
}
