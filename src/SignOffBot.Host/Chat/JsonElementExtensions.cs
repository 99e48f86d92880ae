using System.Text.Json;

namespace SignOffBot.Host.Chat;

/// <summary>Reading loose JSON (Slack and Bot Framework payloads, attestation and key files) without a check at every step.</summary>
internal static class JsonElementExtensions
{
    /// <summary>The named property of an object, or an undefined element; so paths can be followed without checks.</summary>
    public static JsonElement GetPropertyOrDefault(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>The named property when it is a string, else null.</summary>
    public static string? GetStringOrDefault(this JsonElement element, string name) =>
        element.GetPropertyOrDefault(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
