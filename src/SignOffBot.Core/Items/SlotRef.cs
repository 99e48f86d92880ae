using System.Text.Json;
using System.Text.Json.Serialization;

namespace SignOffBot.Core.Items;

/// <summary>
/// A slot of a sign-off as it is named between layers (a card button, a review request): a feedback category as
/// written, or <c>final</c> for the final approval. Stored and serialised as the plain name.
/// </summary>
[JsonConverter(typeof(SlotRefJsonConverter))]
public readonly record struct SlotRef(string Name)
{
    public static readonly SlotRef Final = new(SlotNames.Final);

    /// <summary>The final approval, however it is spelt (<c>final</c>, <c>Final</c>).</summary>
    public bool IsFinal => SlotNames.IsFinal(Name);

    public override string ToString() => Name;
}

internal sealed class SlotRefJsonConverter : JsonConverter<SlotRef>
{
    public override SlotRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("A slot is a string."));

    public override void Write(Utf8JsonWriter writer, SlotRef value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}
