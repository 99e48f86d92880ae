using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>The top of the sign-off card: the item key, its facts, the ticket, and the evidence links as buttons.</summary>
internal static class SignOffCardHeader
{
    public static IEnumerable<CardElement> Elements(SignOffView view)
    {
        yield return new TextBlock($"Sign-off: {view.Item}") { Style = "heading", Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true };

        var project = string.Equals(view.ProjectName, view.Project, StringComparison.Ordinal)
            ? view.Project
            : $"{view.ProjectName} ({view.Project})";
        var facts = new List<Fact>
        {
            new("Project", project),
            new("Kind", view.Kind),
            new("Risk", view.Risk),
            new("Owner", view.Owner),
            new("State", view.State),
        };

        // The ticket is an id, not a link: plain text.
        facts.AddRange(view.Evidence.Where(e => e.Url is null).Select(e => new Fact(e.Label, e.Text)));
        if (view.Evidence.Count == 0)
        {
            facts.Add(new Fact("Evidence", "none"));
        }

        yield return new FactSet(facts);

        var links = view.Evidence.Where(e => e.Url is not null).Select(e => (CardAction)new OpenUrlAction(e.Label, e.Url!)).ToList();
        foreach (var set in ActionSet.Of(links))
        {
            yield return set;
        }
    }
}
