using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.DeployChecks;

/// <summary>The emergency path: request, grant or deny by an on-call approver, and the post-incident review.</summary>
public static class BypassTransitions
{
    public static (Outcome Outcome, Bypass? Bypass) Request(
        GovernanceModel governance, Item item, Infrastructure infrastructure, string incident, int hours,
        string actor, IReadOnlyList<Bypass> existing, string newId, DateTimeOffset now)
    {
        var project = governance.FindProject(item.Key.Project);
        if (!item.IsOwnedBy(actor) && project?.IsOwner(actor) != true)
        {
            return (Outcome.Refuse(Rules.NotItemOrProjectOwner("request a bypass", item.Owner)), null);
        }

        if (string.IsNullOrWhiteSpace(incident))
        {
            return (Outcome.Refuse(Rules.IncidentRequired()), null);
        }

        if (TextLimits.IncidentRefusal(incident.Trim()) is { } badIncident)
        {
            return (Outcome.Refuse(badIncident), null);
        }

        if (hours is < 1 or > Bypass.MaxHours)
        {
            return (Outcome.Refuse(Rules.BypassHoursOutOfRange(hours)), null);
        }

        if (existing.FirstOrDefault(b => b.IsActiveAt(now)) is { } active)
        {
            return (Outcome.Refuse(Rules.BypassAlreadyActive(active.ExpiresAt!.Value)), active);
        }

        if (existing.FirstOrDefault(b => b.Status == BypassStatus.Pending && b.Incident == incident.Trim()) is { } pending)
        {
            return (Outcome.Same($"A bypass for incident {pending.Incident} is already waiting for an on-call approver."), pending);
        }

        var bypass = new Bypass(newId, item.Key, infrastructure.Key, incident.Trim(), hours, actor.ToLowerInvariant(), now,
            BypassStatus.Pending, null, null, null, null);
        var requested = new DomainEvent(AuditActions.BypassRequested, item.Key.ToString(), infrastructure.Key, null,
            $"incident {bypass.Incident}, {hours} h, id {newId}", newId);
        return (Outcome.Apply(requested), bypass);
    }

    public static (Outcome Outcome, Bypass Bypass) Decide(
        GovernanceModel governance, Bypass bypass, bool grant, string actor, DateTimeOffset now)
    {
        var project = governance.FindProject(bypass.Item.Project);
        if (project is null || !governance.CoversAny(project.OnCallApprovers, actor))
        {
            return (Outcome.Refuse(Rules.NotOnCall(bypass.Item.Project)), bypass);
        }

        if (string.Equals(bypass.RequestedBy, actor, StringComparison.OrdinalIgnoreCase))
        {
            return (Outcome.Refuse(Rules.OwnBypass()), bypass);
        }

        if (bypass.Status != BypassStatus.Pending)
        {
            var granted = bypass.Status == BypassStatus.Granted;
            if (granted == grant && string.Equals(bypass.DecidedBy, actor, StringComparison.OrdinalIgnoreCase))
            {
                return (Outcome.Same($"You already {(grant ? "granted" : "denied")} this bypass."), bypass);
            }

            return (Outcome.Refuse(Rules.BypassNotPending(granted ? "granted" : "denied")), bypass);
        }

        if (!grant)
        {
            var denied = bypass with { Status = BypassStatus.Denied, DecidedBy = actor.ToLowerInvariant(), DecidedAt = now };
            return (Outcome.Apply(Event(AuditActions.BypassDenied, bypass, $"incident {bypass.Incident}, id {bypass.Id}")), denied);
        }

        var expires = now.AddHours(bypass.Hours);
        var review = new IncidentReview(bypass.RequestedBy, now + Bypass.ReviewDueAfter, null, null, null);
        var active = bypass with
        {
            Status = BypassStatus.Granted,
            DecidedBy = actor.ToLowerInvariant(),
            DecidedAt = now,
            ExpiresAt = expires,
            Review = review,
        };
        return (Outcome.Apply(Event(AuditActions.BypassGranted, bypass, $"incident {bypass.Incident}, until {Time.Format(expires)}, id {bypass.Id}")), active);
    }

    public static (Outcome Outcome, Bypass? Bypass) CloseReview(
        GovernanceModel governance, Item item, string infrastructure, string link, string actor, IReadOnlyList<Bypass> bypasses, DateTimeOffset now)
    {
        var project = governance.FindProject(item.Key.Project);
        if (!item.IsOwnedBy(actor) && project?.IsOwner(actor) != true)
        {
            return (Outcome.Refuse(Rules.NotItemOrProjectOwner("close a post-incident review", item.Owner)), null);
        }

        if (!Links.IsHttpUrl(link))
        {
            return (Outcome.Refuse(Rules.InvalidLink(link)), null);
        }

        var open = bypasses.Where(b => b.Review is { IsOpen: true }).OrderBy(b => b.DecidedAt).FirstOrDefault();
        if (open is null)
        {
            return (Outcome.Refuse(Rules.NoOpenIncidentReview(item.Key.ToString(), infrastructure)), null);
        }

        var closed = open with { Review = open.Review! with { Link = link, ClosedBy = actor.ToLowerInvariant(), ClosedAt = now } };
        return (Outcome.Apply(Event(AuditActions.IncidentReviewClosed, open, link)), closed);
    }

    private static DomainEvent Event(string action, Bypass bypass, string comment) =>
        new(action, bypass.Item.ToString(), bypass.Infrastructure, null, comment, bypass.Id);
}
