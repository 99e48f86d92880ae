using System.Text.Json.Serialization;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>
/// An Adaptive Card body element. The JSON "type" is the discriminator registered here, so a card is plain
/// records serialized by <see cref="CardJson"/> and never a hand-written JSON string.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(InputText), "Input.Text")]
public abstract record CardElement
{
    public string? Id { get; init; }

    public Spacing? Spacing { get; init; }

    public bool? Separator { get; init; }
}
