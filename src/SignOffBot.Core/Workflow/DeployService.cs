using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;

namespace SignOffBot.Core.Workflow;

/// <summary>Deploy-check, warning confirmations and the emergency bypass path; every call is audited.</summary>
public sealed class DeployService(IGovernanceSource governance, ActionRunner runner, TimeProvider time)
{
    public ActionResult<DeployAnswer> Check(ItemKey key, string infrastructure, ActionContext context) =>
        CheckAudited(key, infrastructure, context).Result;

    /// <summary>
    /// As <see cref="Check"/>, with the check's own audit event once committed (none when refused or repeated): what a
    /// signed attestation of the answer cites.
    /// </summary>
    public AuditedResult<DeployAnswer> CheckAudited(ItemKey key, string infrastructure, ActionContext context) => runner.RunAudited<DeployAnswer>(
        context,
        (session, now) =>
        {
            if (Resolve(session, key, infrastructure) is { Refusal: { } refusal })
            {
                return (Outcome.Refuse(refusal), null);
            }

            var answer = Answer(session, key, infrastructure, now);
            var checkedEvent = new DomainEvent(AuditActions.DeployCheck, answer.Item.ToString(), answer.Infrastructure, answer.Answer.Decision.ToString().ToLowerInvariant(), answer.Answer.Reason);
            return (Outcome.Apply(checkedEvent), answer.Answer);
        },
        session => CurrentAnswer(session, key, infrastructure));

    /// <summary>
    /// The answer <see cref="Check"/> would give now, refused as it would be, but recorded nowhere: what a held
    /// deploy-check looks at between the check it was asked for and the one it answers with.
    /// </summary>
    public ActionResult<DeployAnswer> Peek(ItemKey key, string infrastructure) => runner.Read((session, now) =>
        Resolve(session, key, infrastructure) is { Refusal: { } refusal }
            ? new ActionResult<DeployAnswer>(Outcome.Refuse(refusal), null)
            : new ActionResult<DeployAnswer>(Outcome.Same("looked, not recorded"), Answer(session, key, infrastructure, now).Answer));

    /// <summary>Confirms a <c>warning</c> answer explicitly; refused when the answer is not a warning.</summary>
    public ActionResult<DeployAnswer> Confirm(ItemKey key, string infrastructure, string? reason, ActionContext context) => runner.Run<DeployAnswer>(
        context,
        (session, now) =>
        {
            if (Resolve(session, key, infrastructure) is { Refusal: { } refusal })
            {
                return (Outcome.Refuse(refusal), null);
            }

            if (governance.Current.FindPerson(context.Actor) is null)
            {
                return (Outcome.Refuse(Rules.UnknownPerson(context.Actor)), null);
            }

            if (ConfirmerRefusal(session, key, context.Actor) is { } notConfirmer)
            {
                return (Outcome.Refuse(notConfirmer), null);
            }

            if (string.IsNullOrWhiteSpace(reason))
            {
                return (Outcome.Refuse(Rules.ReasonRequired()), null);
            }

            var why = reason.Trim();
            if (TextLimits.ReasonRefusal(why) is { } badReason)
            {
                return (Outcome.Refuse(badReason), null);
            }

            var before = Answer(session, key, infrastructure, now);
            if (before.Answer.Decision != DeployDecision.Warning)
            {
                return (Outcome.Refuse(Rules.NothingToConfirm(before.Answer.Decision.ToString().ToLowerInvariant())), before.Answer);
            }

            session.SaveConfirmation(new DeployConfirmation(before.Item, before.Infrastructure, context.Actor.ToLowerInvariant(), why, now));
            var after = Answer(session, key, infrastructure, now);
            var confirmed = new DomainEvent(AuditActions.DeployWarningConfirmed, before.Item.ToString(), before.Infrastructure, "warning", why);
            return (Outcome.Apply(confirmed), after.Answer);
        },
        session => CurrentAnswer(session, key, infrastructure));

    public ActionResult<Bypass> RequestBypass(ItemKey key, string infrastructure, string incident, int hours, ActionContext context) => runner.Run<Bypass>(
        context,
        (session, now) =>
        {
            var resolved = Resolve(session, key, infrastructure);
            if (resolved.Refusal is { } refusal)
            {
                return (Outcome.Refuse(refusal), null);
            }

            var existing = session.BypassesFor(resolved.Item!.Key, resolved.Infrastructure!.Key);
            var newId = Guid.NewGuid().ToString("N")[..12];
            var (outcome, bypass) = BypassTransitions.Request(governance.Current, resolved.Item, resolved.Infrastructure, incident, hours, context.Actor, existing, newId, now);
            if (outcome.IsApplied)
            {
                session.SaveBypass(bypass!);
            }

            return (outcome, bypass);
        },
        session => Resolve(session, key, infrastructure) is { Item: { } item, Infrastructure: { } infra }
            ? session.BypassesFor(item.Key, infra.Key).Where(b => string.Equals(b.RequestedBy, context.Actor, StringComparison.OrdinalIgnoreCase)).MaxBy(b => b.RequestedAt)
            : null);

    public ActionResult<Bypass> DecideBypass(string bypassId, bool grant, ActionContext context) => runner.Run<Bypass>(
        context,
        (session, now) =>
        {
            var bypass = session.FindBypass(bypassId);
            if (bypass is null)
            {
                return (Outcome.Refuse(Rules.UnknownBypass(bypassId)), null);
            }

            var (outcome, after) = BypassTransitions.Decide(governance.Current, bypass, grant, context.Actor, now);
            if (outcome.IsApplied)
            {
                session.SaveBypass(after);
            }

            return (outcome, after);
        },
        session => session.FindBypass(bypassId));

    public ActionResult<Bypass> CloseIncidentReview(ItemKey key, string infrastructure, string link, ActionContext context) => runner.Run<Bypass>(
        context,
        (session, now) =>
        {
            var resolved = Resolve(session, key, infrastructure);
            if (resolved.Refusal is { } refusal)
            {
                return (Outcome.Refuse(refusal), null);
            }

            var bypasses = session.BypassesFor(resolved.Item!.Key, resolved.Infrastructure!.Key);
            var (outcome, closed) = BypassTransitions.CloseReview(governance.Current, resolved.Item, resolved.Infrastructure.Key, link, context.Actor, bypasses, now);
            if (outcome.IsApplied)
            {
                session.SaveBypass(closed!);
            }

            return (outcome, closed);
        },
        _ => null);

    private (Item? Item, Infrastructure? Infrastructure, RuleViolation? Refusal) Resolve(IStoreSession session, ItemKey key, string infrastructure)
    {
        var item = session.FindItem(key);
        if (item is null)
        {
            return (null, null, Rules.UnknownItem(key.ToString()));
        }

        var gov = governance.Current;
        var infra = gov.FindInfrastructure(infrastructure);
        return infra is null
            ? (item, null, Rules.UnknownInfrastructure(infrastructure, gov.Infrastructures.Select(i => i.Key)))
            : (item, infra, null);
    }

    /// <summary>Who may confirm a warning: the item owner, a project owner or a project member; never someone outside the project.</summary>
    private RuleViolation? ConfirmerRefusal(IStoreSession session, ItemKey key, string actor)
    {
        var item = session.FindItem(key)!;
        var project = governance.Current.FindProject(item.Key.Project);
        return item.IsOwnedBy(actor) || project?.IsOwnerOrMember(actor) == true
            ? null
            : Rules.NotConfirmer(actor.ToLowerInvariant(), item.Owner, item.Key.Project);
    }

    /// <summary>The answer as it stands now, without recording a check: what a repeated delivery gets back.</summary>
    private DeployAnswer? CurrentAnswer(IStoreSession session, ItemKey key, string infrastructure) =>
        Resolve(session, key, infrastructure).Refusal is null ? Answer(session, key, infrastructure, Time.Truncate(time.GetUtcNow())).Answer : null;

    private (ItemKey Item, string Infrastructure, DeployAnswer Answer) Answer(IStoreSession session, ItemKey key, string infrastructure, DateTimeOffset now)
    {
        var gov = governance.Current;
        var item = session.FindItem(key)!;
        var infra = gov.FindInfrastructure(infrastructure)!;
        var bypass = session.BypassesFor(item.Key, infra.Key).FirstOrDefault(b => b.IsActiveAt(now));
        var confirmation = session.LatestConfirmation(item.Key, infra.Key);
        if (confirmation is not null && confirmation.At < LastChange(item))
        {
            confirmation = null;
        }

        return (item.Key, infra.Key, DeployGate.Evaluate(item, infra, bypass, confirmation, gov, now));
    }

    // A confirmation covers the sign-off as it was when confirmed; any later answer asks for a new one. The final
    // decision counts too: once an approval has expired, a warning confirmed before it was given covers nothing.
    private static DateTimeOffset LastChange(Item item)
    {
        var times = item.SignOff.Feedback.SelectMany(s => s.Answers).Select(a => a.At)
            .Concat(item.SignOff.Delegations.Select(d => d.At))
            .Concat(item.SignOff.History.Select(c => c.At))
            .Append(item.SignOff.Final.Decision?.At ?? item.RegisteredAt)
            .Append(item.RegisteredAt);
        return times.Max();
    }
}
