using System.Text.Json;

namespace SignOffBot.Host.Slack;

internal static class JsonElementExtensions
{
    /// <summary>The named property of an object, or an undefined element; so paths can be followed without checks.</summary>
    public static JsonElement GetPropertyOrDefault(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;
}
