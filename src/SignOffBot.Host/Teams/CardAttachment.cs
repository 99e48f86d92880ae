using System.Text.Json.Nodes;

namespace SignOffBot.Host.Teams;

/// <summary>A card as a Bot Framework attachment of a message activity.</summary>
public static class CardAttachment
{
    public const string ContentType = InvokeResponses.CardType;

    public static JsonObject Of(JsonObject card) => new()
    {
        ["contentType"] = ContentType,
        ["content"] = card.DeepClone(),
    };
}
