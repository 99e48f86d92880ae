using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Notifications;

/// <summary>
/// Decides who hears of an accepted action (SPEC section 4, Notifications): requests go privately to the
/// people who may answer, every status change goes to the project's release channels, answers redraw
/// every posted card, and the item's owner hears privately of every major issue and of the final decision.
/// </summary>
public static class NoticePlanner
{
    /// <param name="bypass">For a bypass decision, the bypass (its requester is told privately).</param>
    public static IReadOnlyList<Notice> Plan(DomainEvent e, Item? item, GovernanceModel governance, string actor, DeployChecks.Bypass? bypass = null)
    {
        if (e.Item is null || item is null || governance.FindProject(item.Key.Project) is not { } project)
        {
            return [];
        }

        var notices = new List<Notice>();
        var key = item.Key.ToString();
        switch (e.Action)
        {
            case AuditActions.FeedbackRequested:
                foreach (var slot in RequestedSlotsNamed(item, e))
                {
                    notices.AddRange(Holders(item, slot.Assignees, slot.Delegate, governance).Select(p => new ReviewRequestNotice(new(p), key, new SlotRef(slot.Category))));
                }

                break;
            case AuditActions.FinalApprovalRequested:
                notices.AddRange(FinalRequests(item, governance, key));
                break;
            case AuditActions.ReRequested:
                foreach (var slot in RequestedSlotsNamed(item, e))
                {
                    foreach (var person in Holders(item, slot.Assignees, slot.Delegate, governance))
                    {
                        var why = e.Comment is null ? "." : $": \"{e.Comment}\"";
                        notices.Add(new PrivateTextNotice(new(person), key, $"{governance.DisplayName(actor)} asks again for your feedback on {slot.Category} of {key}{why} Answers before now stay in the history but no longer count."));
                        notices.Add(new ReviewRequestNotice(new(person), key, new SlotRef(slot.Category)));
                    }
                }

                break;
            case AuditActions.Revoked or AuditActions.Recertify:
                var again = e.Action == AuditActions.Recertify
                    ? RequestedSlotsNamed(item, e)
                    : [];
                foreach (var slot in again)
                {
                    notices.AddRange(Holders(item, slot.Assignees, slot.Delegate, governance).Select(p => new ReviewRequestNotice(new(p), key, new SlotRef(slot.Category))));
                }

                notices.AddRange(FinalRequests(item, governance, key).Where(n => !string.Equals(n.Person.Value, actor, StringComparison.OrdinalIgnoreCase)));
                break;
            case AuditActions.Delegated when item.SignOff.IsOpen:
                var to = e.Slot == SlotNames.Final ? item.SignOff.Final.Delegate : item.SignOff.FindSlot(e.Slot ?? string.Empty)?.Delegate;
                if (to is not null)
                {
                    notices.Add(new ReviewRequestNotice(new(to), key, new SlotRef(e.Slot!)));
                }

                break;
            case AuditActions.BypassRequested:
                if (e.Reference is { } bypassId)
                {
                    notices.AddRange(project.OnCallApprovers.SelectMany(governance.PersonsOf)
                        .Where(p => !string.Equals(p, actor, StringComparison.OrdinalIgnoreCase))
                        .Distinct(StringComparer.OrdinalIgnoreCase)
                        .Select(p => new BypassRequestNotice(new(p), bypassId)));
                }

                break;
        }

        if (OwnerLine(e, item, governance, actor) is { } line)
        {
            notices.Add(new PrivateTextNotice(new(item.Owner), key, line));
        }

        if (bypass is not null && !string.Equals(bypass.RequestedBy, actor, StringComparison.OrdinalIgnoreCase)
            && e.Action is AuditActions.BypassGranted or AuditActions.BypassDenied)
        {
            var decided = e.Action == AuditActions.BypassGranted ? $"granted your emergency bypass of {key} on {e.Slot} ({e.Comment})" : $"denied your emergency bypass of {key} on {e.Slot}";
            notices.Add(new PrivateTextNotice(new(bypass.RequestedBy), key, $"{governance.DisplayName(actor)} {decided}."));
        }

        if (bypass is not null && e.Action is AuditActions.BypassGranted or AuditActions.BypassDenied)
        {
            notices.Add(new BypassRefreshNotice(bypass.Id));
        }

        if (e.Action is AuditActions.Feedback or AuditActions.FinalDecision or AuditActions.Delegated
            or AuditActions.FeedbackRequested or AuditActions.FinalApprovalRequested or AuditActions.EvidenceChanged
            or AuditActions.Withdrawn or AuditActions.ReRequested or AuditActions.Revoked or AuditActions.Recertify)
        {
            notices.Add(new CardRefreshNotice(key));
        }

        if (StatusLine(e, item, governance, actor) is { } text)
        {
            var final = e.Action == AuditActions.FinalDecision;
            notices.AddRange(project.ReleaseChannels.Select(c => new ChannelStatusNotice(c.Platform, c.Id, key, text, final)));
        }

        return notices;
    }

    /// <summary>The one-line status of SPEC section 4: item, actor, answer and the new state; null when not a status change.</summary>
    public static string? StatusLine(DomainEvent e, Item item, GovernanceModel governance, string actor)
    {
        var who = governance.DisplayName(actor);
        var state = WireNames.Of(item.SignOff.State);
        var comment = e.Comment is null ? string.Empty : $": \"{e.Comment}\"";
        return e.Action switch
        {
            AuditActions.FeedbackRequested => $"{item.Key}: {who} requested feedback on {e.Slot}. State: {state}.",
            AuditActions.Feedback => $"{item.Key}: {who} answered {e.Answer} on {e.Slot}{comment}. State: {state}.",
            AuditActions.FinalApprovalRequested => $"{item.Key}: {who} requested the final approval. State: {state}.",
            AuditActions.FinalDecision => $"{item.Key}: {who} decided {e.Answer}{comment}. State: {state}.",
            AuditActions.Delegated => $"{item.Key}: {who} {e.Comment} the {(e.Slot == SlotNames.Final ? "final approval" : e.Slot)} slot. State: {state}.",
            AuditActions.DeployWarningConfirmed => $"{item.Key}: {who} confirmed the deploy-check warning on {e.Slot}{comment}. State: {state}.",
            AuditActions.BypassRequested => $"{item.Key}: {who} requested an emergency bypass on {e.Slot} ({e.Comment}). State: {state}.",
            AuditActions.BypassGranted => $"{item.Key}: {who} granted the emergency bypass on {e.Slot} ({e.Comment}). State: {state}.",
            AuditActions.BypassDenied => $"{item.Key}: {who} denied the emergency bypass on {e.Slot}. State: {state}.",
            AuditActions.EvidenceChanged => $"{item.Key}: {who} changed the evidence ({e.Comment}). State: {state}.",
            AuditActions.Withdrawn => $"{item.Key}: {who} withdrew the review request on {SlotTitle(e.Slot)}{comment}. State: {state}.",
            AuditActions.ReRequested => $"{item.Key}: {who} asked again for feedback on {e.Slot}{comment}. State: {state}.",
            AuditActions.Revoked => $"{item.Key}: {who} revoked the approval{comment}. Deploy-checks that need an approval are blocked again. State: {state}.",
            AuditActions.Recertify => $"{item.Key}: {who} asked for re-certification of {e.Slot}: the approval expired. State: {state}.",
            AuditActions.IncidentReviewClosed => $"{item.Key}: {who} closed the post-incident review on {e.Slot}: {e.Comment}.",
            _ => null,
        };
    }

    /// <summary>
    /// A granted bypass has run out: its cards are redrawn (expired), its requester is told privately, and the release
    /// channels get the status line (deploy-check follows the sign-off again).
    /// </summary>
    public static IReadOnlyList<Notice> BypassExpired(DeployChecks.Bypass bypass, Item item, GovernanceModel governance)
    {
        ArgumentNullException.ThrowIfNull(bypass);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(governance);
        var key = item.Key.ToString();
        var line = $"{key}: the emergency bypass on {bypass.Infrastructure} (incident {bypass.Incident}) expired; deploy-check follows the sign-off again. State: {WireNames.Of(item.SignOff.State)}.";
        var channels = governance.FindProject(item.Key.Project)?.ReleaseChannels ?? [];
        return
        [
            new BypassRefreshNotice(bypass.Id),
            new PrivateTextNotice(new(bypass.RequestedBy), key, $"Your emergency bypass of {key} on {bypass.Infrastructure} expired; deploy-check follows the sign-off again."),
            .. channels.Select(c => new ChannelStatusNotice(c.Platform, c.Id, key, line)),
        ];
    }

    /// <summary>
    /// What the owner is told privately (not of their own actions): every answer that is not an approval, the final
    /// decision and a revocation.
    /// </summary>
    public static string? OwnerLine(DomainEvent e, Item item, GovernanceModel governance, string actor)
    {
        if (item.IsOwnedBy(actor))
        {
            return null;
        }

        var who = governance.DisplayName(actor);
        var comment = e.Comment is null ? string.Empty : $": \"{e.Comment}\"";
        return e.Action switch
        {
            AuditActions.Feedback when e.Answer == WireNames.Of(FeedbackAnswerKind.MajorIssue) =>
                $"{who} raised a major issue on {e.Slot} of your {item.Key}{comment}. State: {WireNames.Of(item.SignOff.State)}. Type: status {item.Key}",
            AuditActions.Feedback when e.Answer == WireNames.Of(FeedbackAnswerKind.MinorIssue) =>
                $"{who} raised a minor issue on {e.Slot} of your {item.Key}{comment}. State: {WireNames.Of(item.SignOff.State)}. Type: status {item.Key}",
            AuditActions.Revoked => $"{who} revoked the approval of your {item.Key}{comment}. Deploy-checks that need an approval are blocked until a new one. Type: status {item.Key}",
            AuditActions.FinalDecision => $"{who} decided {e.Answer} on your {item.Key}{comment}. State: {WireNames.Of(item.SignOff.State)}.",
            _ => null,
        };
    }

    /// <summary>An approval has run out: the owner is told privately and the release channels get the status line.</summary>
    public static IReadOnlyList<Notice> ApprovalExpired(Item item, DateTimeOffset expiredAt, GovernanceModel governance)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(governance);
        var key = item.Key.ToString();
        var line = $"{key}: the approval expired on {ReaderTime.Mark(expiredAt)}; deploy-checks that need an approval are blocked until it is re-certified (recertify {key}).";
        var channels = governance.FindProject(item.Key.Project)?.ReleaseChannels ?? [];
        return
        [
            new CardRefreshNotice(key),
            new PrivateTextNotice(new(item.Owner), key, $"The approval of your {key} expired on {ReaderTime.Mark(expiredAt)}. Deploy-checks that need an approval are blocked until you type: recertify {key}"),
            .. channels.Select(c => new ChannelStatusNotice(c.Platform, c.Id, key, line)),
        ];
    }

    /// <summary>The owners are told privately that an approval will expire soon.</summary>
    public static IReadOnlyList<Notice> ApprovalExpiresSoon(Item item, DateTimeOffset expiresAt, GovernanceModel governance)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(governance);
        var key = item.Key.ToString();
        var owners = (governance.FindProject(item.Key.Project)?.Owners ?? []).Append(item.Owner).Distinct(StringComparer.OrdinalIgnoreCase);
        return [.. owners.Select(o => new PrivateTextNotice(new(o), key, $"The approval of {key} expires on {ReaderTime.Mark(expiresAt)}. After that, deploy-checks that need an approval are blocked until it is re-certified: recertify {key} (add --feedback to ask every category again)."))];
    }

    private static IEnumerable<ReviewRequestNotice> FinalRequests(Item item, GovernanceModel governance, string key) =>
        Holders(item, item.SignOff.Final.Assignees, item.SignOff.Final.Delegate, governance)
            .Where(p => !item.IsOwnedBy(p))
            .Select(p => new ReviewRequestNotice(new(p), key, new SlotRef(SlotNames.Final)));

    /// <summary>The requested feedback slots an event names (its slot holds the categories joined by ", ").</summary>
    private static IEnumerable<FeedbackSlot> RequestedSlotsNamed(Item item, DomainEvent e)
    {
        var named = (e.Slot ?? string.Empty).Split(", ");
        return item.SignOff.Feedback.Where(s => s.Requested && named.Contains(s.Category));
    }

    private static string? SlotTitle(string? slot) => slot is null ? null : string.Join(", ", slot.Split(", ").Select(s => s == SlotNames.Final ? "the final approval" : s));

    // A group slot is offered to every member except the item's owner; a delegated slot only to its delegate.
    private static IEnumerable<string> Holders(Item item, IReadOnlyList<Assignee> assignees, string? delegatePerson, GovernanceModel governance)
    {
        if (delegatePerson is not null)
        {
            return [delegatePerson];
        }

        return assignees
            .SelectMany(a => governance.PersonsOf(a).Where(p => !a.IsGroup || !item.IsOwnedBy(p)))
            .Distinct(StringComparer.OrdinalIgnoreCase);
    }
}
