using System.Text.Json.Serialization;
using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Host.Attestation;

namespace SignOffBot.Host.Api;

/// <summary>The JSON documents of SPEC section 5.</summary>
public static class ApiViews
{
    public sealed record ItemView(
        string Key, string Project, string Name, string Version, string Kind, string Risk, string Owner,
        EvidenceView Evidence, string RegisteredAt, SignOffView SignOff);

    public sealed record EvidenceView(string? ModelCard, string? ValidationReport, string? RollbackPlan, string? Ticket);

    public sealed record SignOffView(
        string State, IReadOnlyList<FeedbackView> Feedback, FinalView Final, IReadOnlyList<DelegationView> Delegations, IReadOnlyList<ChangeView> History);

    public sealed record FeedbackView(string Category, IReadOnlyList<string> Assignees, bool Requested, string? Delegate, IReadOnlyList<AnswerView> Answers);

    /// <summary>An answer; <see cref="Counted"/> is false for one given before its slot was asked again or withdrawn, and <see cref="Note"/> says why, as the cards do.</summary>
    public sealed record AnswerView(string By, string Answer, string? Comment, string At, bool Counted, string? Note);

    /// <summary>A change of the sign-off after its requests (evidence changed, slots withdrawn or asked again, an approval revoked, a recertification), named as its audit action.</summary>
    public sealed record ChangeView(string Kind, string? Slot, string By, string? Reason, string At, DecisionView? EndedDecision);

    public sealed record FinalView(IReadOnlyList<string> Assignees, string? Delegate, DecisionView? Decision);

    public sealed record DecisionView(string By, string Decision, string? Comment, string At);

    public sealed record DelegationView(string Slot, string? From, string To, string By, string At);

    /// <summary>A deploy-check's answer; <see cref="Waited"/> and <see cref="TimedOut"/> only when it was held (<c>wait=</c>).</summary>
    public sealed record DeployCheckView(
        string Item, string Infrastructure, string Decision, string Reason, string State, string Policy,
        string? ApprovedBy, string? ApprovedAt, BypassView? Bypass, ConfirmationView? Confirmation)
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public int? Waited { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public bool? TimedOut { get; init; }

        /// <summary>The signed statement of this answer, present only when <c>attest=true</c> asked for it.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public DsseEnvelope? Attestation { get; init; }
    }

    public sealed record BypassView(string Id, string Incident, string? GrantedBy, string? ExpiresAt);

    public sealed record ConfirmationView(string By, string At, string Reason);

    public sealed record AuditEventView(
        long Seq, string At, string Actor, string Platform, string Action, string? Item, string? Slot, string? Answer,
        string? Comment, string Source, string? DeliveryId, string PrevHash, string Hash);

    public static string Time(DateTimeOffset at) => CanonicalJson.FormatTime(at);

    public static ItemView Of(Item item)
    {
        var s = item.SignOff;
        return new ItemView(
            item.Key.ToString(), item.Key.Project, item.Key.Name, item.Key.Version, WireNames.Of(item.Kind), WireNames.Of(item.Risk), item.Owner,
            new EvidenceView(item.Evidence.ModelCard, item.Evidence.ValidationReport, item.Evidence.RollbackPlan, item.Evidence.Ticket),
            Time(item.RegisteredAt),
            new SignOffView(
                WireNames.Of(s.State),
                s.Feedback.Select(f => new FeedbackView(
                    f.Category, f.Assignees.Select(a => a.Value).ToList(), f.Requested, f.Delegate,
                    f.Answers.Select(a => new AnswerView(a.By, WireNames.Of(a.Answer), a.Comment, Time(a.At), s.Counts(f, a), s.NoteOn(f, a))).ToList())).ToList(),
                new FinalView(
                    s.Final.Assignees.Select(a => a.Value).ToList(), s.Final.Delegate,
                    s.Final.Decision is { } d ? Decision(d) : null),
                s.Delegations.Select(d => new DelegationView(d.Slot, d.From, d.To, d.By, Time(d.At))).ToList(),
                s.History.Select(c => new ChangeView(WireNames.Of(c.Kind), c.Slot, c.By, c.Reason, Time(c.At), c.EndedDecision is { } ended ? Decision(ended) : null)).ToList()));
    }

    private static DecisionView Decision(FinalDecision d) => new(d.By, WireNames.Of(d.Decision), d.Comment, Time(d.At));

    public static DeployCheckView Of(DeployAnswer a) => new(
        a.Item.ToString(), a.Infrastructure, a.Decision.ToString().ToLowerInvariant(), a.Reason, WireNames.Of(a.State), WireNames.Of(a.Policy),
        a.ApprovedBy, a.ApprovedAt is { } at ? Time(at) : null,
        a.Bypass is { } b ? new BypassView(b.Id, b.Incident, b.DecidedBy, b.ExpiresAt is { } e ? Time(e) : null) : null,
        a.Confirmation is { } c ? new ConfirmationView(c.By, Time(c.At), c.Reason) : null);

    public static AuditEventView Of(AuditEvent e) => new(
        e.Seq, Time(e.At), e.Actor, e.Platform, e.Action, e.Item, e.Slot, e.Answer, e.Comment, e.Source, e.DeliveryId, e.PrevHash, e.Hash);
}
