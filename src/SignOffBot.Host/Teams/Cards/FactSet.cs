namespace SignOffBot.Host.Teams.Cards;

/// <summary>A FactSet: title/value pairs shown as a two-column list.</summary>
public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

public sealed record Fact(string Title, string Value);
