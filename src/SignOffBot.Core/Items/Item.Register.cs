using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

public sealed partial record Item
{
    /// <summary>A new item of a governed project, registered by one of its owners or members.</summary>
    public static (Outcome Outcome, Item? Item) Register(
        GovernanceModel governance, string actor, ItemKey key, ItemKind kind, RiskLevel risk, Evidence evidence, DateTimeOffset now)
    {
        var project = governance.FindProject(key.Project);
        if (project is null)
        {
            return (Outcome.Refuse(Rules.UnknownProject(key.Project)), null);
        }

        if (ItemKey.LengthRefusal(key.Name, key.Version) is { } tooLong)
        {
            return (Outcome.Refuse(tooLong), null);
        }

        if (!ItemKey.IsValidSegment(key.Name) || !ItemKey.IsValidSegment(key.Version))
        {
            return (Outcome.Refuse(Rules.InvalidItem($"'{key.Name}@{key.Version}' is not a valid name@version: each of name and version {ItemKey.SegmentRule}.")), null);
        }

        if (governance.FindPerson(actor) is null)
        {
            return (Outcome.Refuse(Rules.UnknownPerson(actor)), null);
        }

        if (!project.IsOwnerOrMember(actor))
        {
            return (Outcome.Refuse(Rules.NotProjectMember(actor, project.Key)), null);
        }

        if (evidence.Problem() is { } problem)
        {
            return (Outcome.Refuse(Rules.InvalidItem(problem)), null);
        }

        var canonical = key with { Project = project.Key };
        var item = new Item(canonical, kind, risk, actor.ToLowerInvariant(), evidence, now, SignOff.StartFor(project));
        var registered = new DomainEvent(AuditActions.ItemRegistered, canonical.ToString(), null, null, $"{WireNames.Of(kind)}, {WireNames.Of(risk)} risk");
        return (Outcome.Apply(registered), item);
    }
}
