using System.Text.Json.Nodes;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>
/// Action.Execute (Universal Actions): Teams sends an <c>adaptiveCard/action</c> invoke with <see cref="Verb"/>
/// and <see cref="Data"/>, into which the client merges the values of the associated inputs, keyed by input id.
/// </summary>
public sealed record ExecuteAction(string? Title, string Verb, JsonObject Data) : CardAction(Title)
{
    /// <summary><see cref="AssociatedInputs.Auto"/> (the default) sends the card's inputs; None sends none.</summary>
    public AssociatedInputs? AssociatedInputs { get; init; }
}
