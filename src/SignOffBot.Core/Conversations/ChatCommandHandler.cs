using System.Text;
using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Core.Conversations;

/// <summary>
/// Runs what a person typed, through the shared parser and the domain services, and answers with a
/// <see cref="ChatReply"/>. Chat surfaces only translate their payloads to text and render the reply.
/// </summary>
public sealed class ChatCommandHandler(IGovernanceSource governance, SignOffService signOffs, DeployService deploys, ISignOffStore store, IAuditLog audit)
{
    public ChatReply Handle(string text, ActionContext context) => Answer(Parse(text), context);

    /// <summary>What a person typed, read with the current directory (for a surface that runs some commands itself).</summary>
    public ParseResult Parse(string text) => CommandParser.Parse(text, governance.Current);

    /// <summary>The reply to a parsed command, or to a usage error.</summary>
    public ChatReply Answer(ParseResult parsed, ActionContext context) => parsed switch
    {
        ParseResult.Parsed command => Execute(command.Command, context),
        ParseResult.UsageError error => new ChatReply.Private(error.Text),
        _ => throw new InvalidOperationException("Unknown parse result."),
    };

    /// <summary>A deploy-check's answer as chat shows it: the lower-case decision word and the reason, its times marked for the reader.</summary>
    public static string DeployCheckLine(DeployAnswer answer) => $"{answer.Decision.ToString().ToLowerInvariant()}: {answer.ReaderReason}";

    /// <summary>
    /// The answer to <c>deploy-check … --attest</c> where no file can be sent: the signed file is made by the surfaces that
    /// can deliver one (Slack, Teams), which run the command themselves; nothing is checked or recorded here.
    /// </summary>
    public const string AttestNotHere =
        "deploy-check --attest answers with a signed file, which only Slack and Teams can send: here, leave out --attest (a pipeline asks GET /api/v1/deploy-check?…&attest=true).";

    public ChatReply Execute(ChatCommand command, ActionContext context) => command switch
    {
        HelpCommand help => new ChatReply.Private(CommandGrammar.Help(help.Topic, governance.Current)),
        RegisterCommand r => ItemReply(signOffs.Register(new RegisterItem(r.Key, r.Kind, r.Risk, r.Evidence), context), context, $"Registered {r.Key}."),
        RequestFeedbackCommand f => ItemReply(signOffs.RequestFeedback(f.Item, f.Categories, context), context, $"Feedback requested on {f.Item}."),
        RequestFinalCommand f => ItemReply(signOffs.RequestFinal(f.Item, context), context, $"Final approval requested on {f.Item}."),
        StatusCommand s => Status(s.Item, context),
        PendingCommand => Pending(context),
        DelegateCommand d => ItemReply(signOffs.Delegate(d.Item, d.Slot, d.To, context), context, $"{d.Slot} on {d.Item} delegated to {governance.Current.DisplayName(d.To)}."),
        DeployCheckCommand { Attest: true } => new ChatReply.Private(AttestNotHere),
        DeployCheckCommand c => DeployCheck(c, context),
        BypassCommand b => Bypass(b, context),
        IncidentReviewCommand i => IncidentReview(i, context),
        AuditCommand a => Audit(a.Item),
        EvidenceCommand e => ItemReply(signOffs.ChangeEvidence(e.Item, e.Change, context), context, $"Evidence of {e.Item} changed."),
        WithdrawCommand w => ItemReply(signOffs.Withdraw(w.Item, w.Slots, w.Reason, context), context, $"Review request withdrawn on {w.Item}."),
        ReRequestCommand r => ItemReply(signOffs.ReRequest(r.Item, r.Categories, r.Reason, context), context, $"Feedback asked again on {r.Item}."),
        RevokeCommand r => ItemReply(signOffs.Revoke(r.Item, r.Reason, context), context, $"Approval of {r.Item} revoked."),
        RecertifyCommand r => ItemReply(signOffs.Recertify(r.Item, r.WithFeedback, context), context, $"Re-certification of {r.Item} requested."),
        ConfirmCommand c => Confirm(c, context),
        MineCommand => Listing(new ItemQuery(null, null, context.Actor, null, ListLimit), "You own no items.", "Your items"),
        ListCommand l => governance.Current.FindProject(l.Project) is { } project
            ? Listing(new ItemQuery(project.Key, l.State, null, null, ListLimit), $"{project.Key} has no {(l.State is { } s ? WireNames.Of(s) + " " : string.Empty)}items.", $"Items of {project.Key}{(l.State is { } st ? $" ({WireNames.Of(st)})" : string.Empty)}")
            : new ChatReply.Private(Rules.UnknownProject(l.Project).Message),
        _ => new ChatReply.Private(CommandGrammar.Overview),
    };

    /// <summary>A card button: feedback and final verbs take an item key and slot; bypass verbs take the bypass id.</summary>
    public ChatReply Press(CardPress press, ActionContext context)
    {
        var (verb, target, slot, comment) = press;
        if (verb is ReviewVerb.BypassGrant or ReviewVerb.BypassDeny)
        {
            var decided = deploys.DecideBypass(target, verb == ReviewVerb.BypassGrant, context);
            return (decided.Outcome, decided.Value) switch
            {
                (Outcome.Refused refused, _) => new ChatReply.Private(refused.Violation.ReaderMessage),
                (_, { } bypass) => new ChatReply.Text(BypassLine(bypass)),
                _ => new ChatReply.Private(decided.Outcome.ReaderMessage),
            };
        }

        if (!ItemKey.TryParse(target, out var key))
        {
            return new ChatReply.Private(Rules.UnknownItem(target).Message);
        }

        var result = verb switch
        {
            ReviewVerb.FeedbackApprove => signOffs.SubmitFeedback(key, slot?.Name ?? string.Empty, Items.FeedbackAnswerKind.Approve, comment, context),
            ReviewVerb.FeedbackMinorIssue => signOffs.SubmitFeedback(key, slot?.Name ?? string.Empty, Items.FeedbackAnswerKind.MinorIssue, comment, context),
            ReviewVerb.FeedbackMajorIssue => signOffs.SubmitFeedback(key, slot?.Name ?? string.Empty, Items.FeedbackAnswerKind.MajorIssue, comment, context),
            ReviewVerb.FinalApprove => signOffs.Decide(key, Items.FinalDecisionKind.Approve, comment, context),
            ReviewVerb.FinalReject => signOffs.Decide(key, Items.FinalDecisionKind.Reject, comment, context),
            _ => signOffs.Decide(key, Items.FinalDecisionKind.Abandon, comment, context),
        };
        return ItemReply(result, context, $"{ReviewVerbs.Title(verb)} recorded on {key}.");
    }

    private ChatReply ItemReply(ActionResult<Item> result, ActionContext context, string summary) => result.Outcome switch
    {
        Outcome.Refused refused => new ChatReply.Private(refused.Violation.ReaderMessage),
        Outcome.Unchanged unchanged when result.Value is not null =>
            new ChatReply.Card(result.Value, context.Actor, unchanged.Reason, governance.Current),
        _ when result.Value is not null => new ChatReply.Card(result.Value, context.Actor, summary, governance.Current),
        _ => new ChatReply.Private(result.Outcome.ReaderMessage),
    };

    private ChatReply Status(ItemKey key, ActionContext context) => store.FindItem(key) is { } item
        ? new ChatReply.Card(item, context.Actor, $"{item.Key} is {WireNames.Of(item.SignOff.State)}.", governance.Current)
        : new ChatReply.Private(Rules.UnknownItem(key.ToString()).Message);

    private ChatReply Pending(ActionContext context)
    {
        var pending = signOffs.Pending(context.Actor);
        if (pending.Count == 0)
        {
            return new ChatReply.Private("Nothing is waiting for you.");
        }

        var text = new StringBuilder($"{pending.Count} review{(pending.Count == 1 ? " is" : "s are")} waiting for you:");
        foreach (var review in pending)
        {
            var slot = review.Slot == Items.SlotNames.Final ? SignOffViews.FinalTitle : review.Slot;
            text.Append($"\n• {review.Item.Key}: {slot} ({WireNames.Of(review.Item.Risk)} risk)");
        }

        return new ChatReply.Private(text.ToString());
    }

    private ChatReply DeployCheck(DeployCheckCommand command, ActionContext context)
    {
        var result = deploys.Check(command.Item, command.Infrastructure, context);
        return (result.Outcome, result.Value) switch
        {
            (Outcome.Refused refused, _) => new ChatReply.Private(refused.Violation.ReaderMessage),
            (_, { } answer) => new ChatReply.Text(DeployCheckLine(answer)),
            _ => new ChatReply.Private(result.Outcome.ReaderMessage),
        };
    }

    private const int ListLimit = 50;

    /// <summary>One line per item: key, state and what it waits for; past the limit, where to find the rest.</summary>
    private ChatReply Listing(ItemQuery query, string none, string title)
    {
        var page = store.ListItems(query);
        if (page.Items.Count == 0)
        {
            return new ChatReply.Private(none);
        }

        var text = new StringBuilder($"{title}:");
        foreach (var item in page.Items)
        {
            var state = WireNames.Of(item.SignOff.State);
            var waits = item.SignOff.IsOpen ? $": waits for {DeployGate.StillNeeded(item, governance.Current)}" : string.Empty;
            text.Append($"\n• {item.Key} ({WireNames.Of(item.Risk)} risk), {state}{waits}");
        }

        if (page.Next is not null)
        {
            text.Append($"\nOnly the first {ListLimit} are shown: GET /api/v1/items pages through all of them.");
        }

        return new ChatReply.Private(text.ToString());
    }

    private ChatReply Confirm(ConfirmCommand command, ActionContext context)
    {
        var result = deploys.Confirm(command.Item, command.Infrastructure, command.Reason, context);
        return (result.Outcome, result.Value) switch
        {
            (Outcome.Refused refused, _) => new ChatReply.Private(refused.Violation.ReaderMessage),
            (Outcome.Unchanged unchanged, _) => new ChatReply.Private(unchanged.Reason),
            (_, { } answer) => new ChatReply.Text($"confirmed: {answer.ReaderReason}"),
            _ => new ChatReply.Private(result.Outcome.ReaderMessage),
        };
    }

    private ChatReply Bypass(BypassCommand command, ActionContext context)
    {
        var result = deploys.RequestBypass(command.Item, command.Infrastructure, command.Incident, command.Hours, context);
        if (result.Outcome is Outcome.Refused refused)
        {
            return new ChatReply.Private(refused.Violation.ReaderMessage);
        }

        var approvers = governance.Current.FindProject(command.Item.Project)?.OnCallApprovers.Select(governance.Current.Describe) ?? [];
        return (result.Outcome, result.Value) switch
        {
            (Outcome.Unchanged unchanged, _) => new ChatReply.Private(unchanged.Reason),
            (_, { } bypass) => new ChatReply.Text($"Emergency bypass {bypass.Id} requested for {bypass.Item} on {bypass.Infrastructure} ({command.Hours} h, incident {command.Incident}). On-call approvers: {string.Join(", ", approvers)}."),
            _ => new ChatReply.Private(result.Outcome.ReaderMessage),
        };
    }

    private ChatReply IncidentReview(IncidentReviewCommand command, ActionContext context)
    {
        var result = deploys.CloseIncidentReview(command.Item, command.Infrastructure, command.Link, context);
        return result.Outcome is Outcome.Refused refused
            ? new ChatReply.Private(refused.Violation.ReaderMessage)
            : new ChatReply.Text($"Post-incident review of {command.Item} on {command.Infrastructure} closed: {command.Link}");
    }

    private ChatReply Audit(ItemKey key)
    {
        if (store.FindItem(key) is null)
        {
            return new ChatReply.Private(Rules.UnknownItem(key.ToString()).Message);
        }

        var events = audit.Of(key);
        var lines = events.Select(AuditLine).ToList();

        // A chat message holds a few thousand characters (Slack's text: 4,000): the newest events that fit are shown,
        // and the reader is told where the rest is.
        var shown = 0;
        for (var length = 0; shown < lines.Count && length + lines[^(shown + 1)].Length + 1 <= AuditListingBudget; shown++)
        {
            length += lines[^(shown + 1)].Length + 1;
        }

        var text = new StringBuilder($"Audit of {key} ({events.Count} event{(events.Count == 1 ? string.Empty : "s")}):");
        if (shown < lines.Count)
        {
            var left = lines.Count - shown;
            text.Append($"\n({left} earlier event{(left == 1 ? string.Empty : "s")} not shown here; the whole trail: GET /api/v1/audit?item={key})");
        }

        foreach (var line in lines[^shown..])
        {
            text.Append('\n').Append(line);
        }

        return new ChatReply.Private(text.ToString());
    }

    /// <summary>How many characters of event lines one <c>audit</c> answer holds.</summary>
    private const int AuditListingBudget = 3_500;

    /// <summary>How much of a comment an <c>audit</c> line quotes.</summary>
    private const int AuditCommentShown = 300;

    private string AuditLine(AuditEvent e)
    {
        var line = new StringBuilder($"#{e.Seq} {ReaderTime.Mark(e.At)} {governance.Current.DisplayName(e.Actor)} {e.Action}");
        var comment = e.Comment is null ? null : $"\"{ChatText.Cut(e.Comment, AuditCommentShown)}\"";
        foreach (var part in new[] { e.Slot, e.Answer, comment })
        {
            if (part is not null)
            {
                line.Append(' ').Append(part);
            }
        }

        return line.ToString();
    }

    private string BypassLine(Bypass bypass) => bypass.Status switch
    {
        BypassStatus.Granted => $"Bypass for {bypass.Item} on {bypass.Infrastructure} granted by {governance.Current.DisplayName(bypass.DecidedBy!)} until {ReaderTime.Mark(bypass.ExpiresAt!.Value)}. Post-incident review due {ReaderTime.Mark(bypass.Review!.DueAt)}.",
        BypassStatus.Denied => $"Bypass for {bypass.Item} on {bypass.Infrastructure} denied by {governance.Current.DisplayName(bypass.DecidedBy!)}.",
        _ => $"Bypass for {bypass.Item} on {bypass.Infrastructure} is waiting for an on-call approver.",
    };
}
