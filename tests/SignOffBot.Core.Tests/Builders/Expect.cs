using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Core.Tests.Builders;

/// <summary>Assertions on outcomes: applied with one event, unchanged, or refused by a named rule with nothing changed.</summary>
public static class Expect
{
    public static DomainEvent AppliedOneEvent(Outcome outcome)
    {
        var applied = Assert.IsType<Outcome.Applied>(outcome);
        return Assert.Single(applied.Events);
    }

    /// <summary>The change was refused by <paramref name="rule"/>, the item is left as it was; returns the violation.</summary>
    public static RuleViolation Refused(ActionResult<Item> change, Item before, string rule)
    {
        var violation = Refused(change.Outcome, rule);
        Assert.Same(before, change.Value);
        return violation;
    }

    public static RuleViolation Refused(Outcome outcome, string rule)
    {
        var refused = Assert.IsType<Outcome.Refused>(outcome);
        Assert.Equal(rule, refused.Violation.Rule);
        Assert.Equal(refused.Violation.Message, outcome.Message);
        return refused.Violation;
    }

    /// <summary>The change left the item as it was and said why; returns the reason.</summary>
    public static string Unchanged(ActionResult<Item> change, Item before)
    {
        var unchanged = Assert.IsType<Outcome.Unchanged>(change.Outcome);
        Assert.Same(before, change.Value);
        return unchanged.Reason;
    }
}
