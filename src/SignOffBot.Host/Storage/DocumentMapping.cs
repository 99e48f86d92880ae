using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage;

/// <summary>Explicit mapping between domain records and stored documents; times are stored as UTC.</summary>
public static class DocumentMapping
{
    public static string TargetOf(ItemKey item, string infrastructure) => $"{item} {infrastructure}";

    public static ItemDocument ToDocument(Item item) => new()
    {
        Id = item.Key.ToString(),
        Project = item.Key.Project,
        Name = item.Key.Name,
        Version = item.Key.Version,
        Kind = WireNames.Of(item.Kind),
        Risk = WireNames.Of(item.Risk),
        Owner = item.Owner,
        ModelCard = item.Evidence.ModelCard,
        ValidationReport = item.Evidence.ValidationReport,
        RollbackPlan = item.Evidence.RollbackPlan,
        Ticket = item.Evidence.Ticket,
        RegisteredAt = item.RegisteredAt.UtcDateTime,
        State = WireNames.Of(item.SignOff.State),
        Open = item.SignOff.IsOpen,
        Feedback = item.SignOff.Feedback.Select(s => new FeedbackSlotDocument
        {
            Category = s.Category,
            Assignees = s.Assignees.Select(a => a.Value).ToList(),
            Requested = s.Requested,
            Delegate = s.Delegate,
            Answers = s.Answers.Select(a => new AnswerDocument { By = a.By, Answer = WireNames.Of(a.Answer), Comment = a.Comment, At = a.At.UtcDateTime }).ToList(),
            RequestedAt = s.RequestedAt?.UtcDateTime,
        }).ToList(),
        Final = new FinalSlotDocument
        {
            Assignees = item.SignOff.Final.Assignees.Select(a => a.Value).ToList(),
            Delegate = item.SignOff.Final.Delegate,
            Decision = item.SignOff.Final.Decision is { } d
                ? new AnswerDocument { By = d.By, Answer = WireNames.Of(d.Decision), Comment = d.Comment, At = d.At.UtcDateTime }
                : null,
        },
        Delegations = item.SignOff.Delegations.Select(d => new DelegationDocument { Slot = d.Slot, From = d.From, To = d.To, By = d.By, At = d.At.UtcDateTime }).ToList(),
        FinalRequestedAt = item.SignOff.FinalRequestedAt?.UtcDateTime,
        Changes = item.SignOff.History.Count == 0 ? null : item.SignOff.History.Select(c => new ChangeDocument
        {
            Kind = c.Kind.ToString(),
            Slot = c.Slot,
            By = c.By,
            Reason = c.Reason,
            At = c.At.UtcDateTime,
            EndedDecision = c.EndedDecision is { } d ? new AnswerDocument { By = d.By, Answer = WireNames.Of(d.Decision), Comment = d.Comment, At = d.At.UtcDateTime } : null,
        }).ToList(),
    };

    public static Item ToDomain(ItemDocument doc)
    {
        var signOff = new SignOff(
            Parse<SignOffState>(doc.State, WireNames.TryParse),
            doc.Feedback.Select(s => new FeedbackSlot(
                s.Category,
                s.Assignees.Select(a => new Assignee(a)).ToList(),
                s.Requested,
                s.Delegate,
                s.Answers.Select(a => new FeedbackAnswer(a.By, Parse<FeedbackAnswerKind>(a.Answer, WireNames.TryParse), a.Comment, Utc(a.At))).ToList(),
                UtcOrNull(s.RequestedAt))).ToList(),
            new FinalSlot(
                doc.Final.Assignees.Select(a => new Assignee(a)).ToList(),
                doc.Final.Delegate,
                doc.Final.Decision is { } d ? new FinalDecision(d.By, Parse<FinalDecisionKind>(d.Answer, WireNames.TryParse), d.Comment, Utc(d.At)) : null),
            doc.Delegations.Select(d => new Delegation(d.Slot, d.From, d.To, d.By, Utc(d.At))).ToList(),
            UtcOrNull(doc.FinalRequestedAt),
            doc.Changes?.Select(c => new SignOffChange(
                Enum.Parse<SignOffChangeKind>(c.Kind),
                c.Slot,
                c.By,
                c.Reason,
                Utc(c.At),
                c.EndedDecision is { } d ? new FinalDecision(d.By, Parse<FinalDecisionKind>(d.Answer, WireNames.TryParse), d.Comment, Utc(d.At)) : null)).ToList());
        return new Item(
            new ItemKey(doc.Project, doc.Name, doc.Version),
            Parse<ItemKind>(doc.Kind, WireNames.TryParse),
            Parse<RiskLevel>(doc.Risk, WireNames.TryParse),
            doc.Owner,
            new Evidence(doc.ModelCard, doc.ValidationReport, doc.RollbackPlan, doc.Ticket),
            Utc(doc.RegisteredAt),
            signOff);
    }

    public static AuditDocument ToDocument(AuditEvent e) => new()
    {
        Id = e.Seq,
        At = e.At.UtcDateTime,
        Actor = e.Actor,
        Platform = e.Platform,
        Action = e.Action,
        Item = e.Item,
        Slot = e.Slot,
        Answer = e.Answer,
        Comment = e.Comment,
        Source = e.Source,
        DeliveryId = e.DeliveryId,
        PrevHash = e.PrevHash,
        Hash = e.Hash,
    };

    public static AuditEvent ToDomain(AuditDocument d) =>
        new(d.Id, Utc(d.At), d.Actor, d.Platform, d.Action, d.Item, d.Slot, d.Answer, d.Comment, d.Source, d.DeliveryId, d.PrevHash, d.Hash);

    public static DeliveryDocument ToDocument(DeliveryRecord r) => new()
    {
        Id = r.DeliveryId,
        At = r.At.UtcDateTime,
        OutcomeKind = r.OutcomeKind,
        Rule = r.Rule,
        RefusalKind = r.RefusalKind?.ToString(),
        Message = r.Message,
        Events = r.Events.Select(e => new EventDocument { Action = e.Action, Item = e.Item, Slot = e.Slot, Answer = e.Answer, Comment = e.Comment, Reference = e.Reference }).ToList(),
    };

    public static DeliveryRecord ToDomain(DeliveryDocument d) => new(
        d.Id,
        Utc(d.At),
        d.OutcomeKind,
        d.Rule,
        Enum.TryParse<RefusalKind>(d.RefusalKind, out var kind) ? kind : null,
        d.Message,
        d.Events.Select(e => new DomainEvent(e.Action, e.Item, e.Slot, e.Answer, e.Comment, e.Reference)).ToList());

    public static BypassDocument ToDocument(Bypass b) => new()
    {
        Id = b.Id,
        Target = TargetOf(b.Item, b.Infrastructure),
        Item = b.Item.ToString(),
        Infrastructure = b.Infrastructure,
        Incident = b.Incident,
        Hours = b.Hours,
        RequestedBy = b.RequestedBy,
        RequestedAt = b.RequestedAt.UtcDateTime,
        Status = b.Status.ToString(),
        DecidedBy = b.DecidedBy,
        DecidedAt = b.DecidedAt?.UtcDateTime,
        ExpiresAt = b.ExpiresAt?.UtcDateTime,
        ReviewOwner = b.Review?.Owner,
        ReviewDueAt = b.Review?.DueAt.UtcDateTime,
        ReviewLink = b.Review?.Link,
        ReviewClosedBy = b.Review?.ClosedBy,
        ReviewClosedAt = b.Review?.ClosedAt?.UtcDateTime,
    };

    public static Bypass ToDomain(BypassDocument d)
    {
        ItemKey.TryParse(d.Item, out var key);
        var review = d.ReviewOwner is null
            ? null
            : new IncidentReview(d.ReviewOwner, Utc(d.ReviewDueAt!.Value), d.ReviewLink, d.ReviewClosedBy, UtcOrNull(d.ReviewClosedAt));
        return new Bypass(d.Id, key!, d.Infrastructure, d.Incident, d.Hours, d.RequestedBy, Utc(d.RequestedAt),
            Enum.Parse<BypassStatus>(d.Status), d.DecidedBy, UtcOrNull(d.DecidedAt), UtcOrNull(d.ExpiresAt), review);
    }

    public static ConfirmationDocument ToDocument(DeployConfirmation c) => new()
    {
        Target = TargetOf(c.Item, c.Infrastructure),
        Item = c.Item.ToString(),
        Infrastructure = c.Infrastructure,
        By = c.By,
        Reason = c.Reason,
        At = c.At.UtcDateTime,
    };

    public static DeployConfirmation ToDomain(ConfirmationDocument d)
    {
        ItemKey.TryParse(d.Item, out var key);
        return new DeployConfirmation(key!, d.Infrastructure, d.By, d.Reason, Utc(d.At));
    }

    private delegate bool TryParser<T>(string? text, out T value);

    private static T Parse<T>(string text, TryParser<T> parse) => parse(text, out var value)
        ? value
        : throw new InvalidDataException($"The store holds '{text}', which is not a {typeof(T).Name}.");

    public static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static DateTimeOffset? UtcOrNull(DateTime? at) => at is { } value ? Utc(value) : null;
}
