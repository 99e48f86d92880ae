using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Items;

/// <summary>A transition's outcome and the item as it stands after it (unchanged unless applied).</summary>
public sealed record Change(Outcome Outcome, Item Item)
{
    public static Change Refuse(Item item, RuleViolation violation) => new(Outcome.Refuse(violation), item);

    public static Change Same(Item item, string reason) => new(Outcome.Same(reason), item);
}
