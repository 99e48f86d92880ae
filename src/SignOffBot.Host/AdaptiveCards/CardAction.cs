using System.Text.Json.Serialization;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>An Adaptive Card action (a button); the JSON "type" is the discriminator registered here.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
public abstract record CardAction(string? Title)
{
    public string? Id { get; init; }
}
