using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

/// <summary>What is signed off: a model version or a bundle, with its one sign-off.</summary>
public sealed partial record Item(
    ItemKey Key,
    ItemKind Kind,
    RiskLevel Risk,
    string Owner,
    Evidence Evidence,
    DateTimeOffset RegisteredAt,
    SignOff SignOff)
{
    public bool IsOwnedBy(string personId) => string.Equals(Owner, personId, StringComparison.OrdinalIgnoreCase);

    /// <summary>Who may answer a feedback slot: its delegate once delegated, otherwise its assignees.</summary>
    public bool MayAnswer(GovernanceModel governance, FeedbackSlot slot, string personId) => slot.Delegate is { } holder
        ? string.Equals(holder, personId, StringComparison.OrdinalIgnoreCase)
        : governance.CoversAny(slot.Assignees, personId);

    public bool MayDecide(GovernanceModel governance, string personId) => SignOff.Final.Delegate is { } holder
        ? string.Equals(holder, personId, StringComparison.OrdinalIgnoreCase)
        : governance.CoversAny(SignOff.Final.Assignees, personId);

    private bool IsItemOrProjectOwner(GovernanceModel governance, string personId) =>
        IsOwnedBy(personId) || governance.FindProject(Key.Project)?.IsOwner(personId) == true;

    /// <summary>The refusal for an answer on a sign-off that has ended, or null while it is open.</summary>
    private RuleViolation? EndedRefusal() => SignOff.State switch
    {
        SignOffState.Approved => Rules.Closed(Key),
        SignOffState.Rejected or SignOffState.Abandoned => Rules.Locked(Key, SignOff.State),
        _ => null,
    };

    private ActionResult<Item> Applied(SignOff signOff, string action, string? slot, string? answer, string? comment) =>
        ActionResult.Apply(this with { SignOff = signOff }, new DomainEvent(action, Key.ToString(), slot, answer, comment));
}
