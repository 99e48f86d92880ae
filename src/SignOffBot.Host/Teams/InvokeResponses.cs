using System.Text.Json.Nodes;

namespace SignOffBot.Host.Teams;

/// <summary>
/// The bodies of the answers to an <c>adaptiveCard/action</c> invoke (Universal Actions). The HTTP status is
/// always 200; the body's <c>statusCode</c> is what the client reads.
/// </summary>
public static class InvokeResponses
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";

    public const string MessageType = "application/vnd.microsoft.activity.message";

    public const string ErrorType = "application/vnd.microsoft.error";

    /// <summary>The card shown in place of the current one, for the person who pressed.</summary>
    public static JsonObject Card(JsonObject card) => new()
    {
        ["statusCode"] = 200,
        ["type"] = CardType,
        ["value"] = card.DeepClone(),
    };

    /// <summary>A short text shown to the person who pressed.</summary>
    public static JsonObject Message(string text) => new()
    {
        ["statusCode"] = 200,
        ["type"] = MessageType,
        ["value"] = text,
    };

    /// <summary>An error (400–599) with a code such as "BadRequest" and a message for the person.</summary>
    public static JsonObject Error(int statusCode, string code, string message) => new()
    {
        ["statusCode"] = statusCode,
        ["type"] = ErrorType,
        ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
    };
}
