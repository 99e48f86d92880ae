using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SignOffBot.Host.AdaptiveCards;

/// <summary>Serializes the card records: camelCase, nulls left out, enum words as written, "type" first.</summary>
public static class CardJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    // Measuring only: escapes as little as JSON needs, like the client's JSON.stringify (never less).
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject ToJsonObject(AdaptiveCard card) =>
        JsonSerializer.SerializeToNode(card, Options)?.AsObject() ?? throw new InvalidOperationException("A card serialized to null.");

    /// <summary>The size of the card as compact UTF-8 JSON, the measure of the Teams budget.</summary>
    public static int Utf8Bytes(JsonNode node) => Encoding.UTF8.GetByteCount(node.ToJsonString(Compact));
}
