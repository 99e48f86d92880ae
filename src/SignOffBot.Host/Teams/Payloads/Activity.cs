using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.Teams.Payloads;

/// <summary>
/// A Bot Framework activity, with only the fields SignOffBot reads or writes (camelCase on the wire,
/// see <see cref="TeamsJson"/>). Inbound and outbound use the same record.
/// </summary>
public sealed record Activity
{
    /// <summary>
    /// A plain text message. Teams shows no date functions outside cards: a time still marked for the reader (a channel
    /// line; private texts are rendered in their reader's zone before) is written in UTC.
    /// </summary>
    public static Activity PlainText(string text) => new() { Type = "message", Text = ReaderTime.InUtc(text), TextFormat = "plain" };

    /// <summary>
    /// A card message. The card goes alone: with text beside it Teams splits the message and returns no id to update
    /// it by; <paramref name="summary"/> is what notifications show.
    /// </summary>
    public static Activity Card(JsonObject card, string summary) =>
        new() { Type = "message", Summary = ReaderTime.InUtc(summary), Attachments = [Attachment.AdaptiveCard(card)] };

    public string? Type { get; init; }

    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? ServiceUrl { get; init; }

    public string? ChannelId { get; init; }

    public ChannelAccount? From { get; init; }

    public ConversationAccount? Conversation { get; init; }

    public ChannelAccount? Recipient { get; init; }

    public string? Text { get; init; }

    public string? TextFormat { get; init; }

    public string? Summary { get; init; }

    public string? ReplyToId { get; init; }

    /// <summary>installationUpdate: add, add-upgrade, remove, remove-upgrade.</summary>
    public string? Action { get; init; }

    public List<ChannelAccount>? MembersAdded { get; init; }

    public List<ChannelAccount>? MembersRemoved { get; init; }

    public List<Attachment>? Attachments { get; init; }

    public List<Entity>? Entities { get; init; }

    public JsonElement? Value { get; init; }

    public JsonElement? ChannelData { get; init; }

    /// <summary>The tenant: <c>conversation.tenantId</c>, or <c>channelData.tenant.id</c> in older payloads.</summary>
    public string? TenantId() => Conversation?.TenantId ?? Nested(ChannelData, "tenant", "id");

    /// <summary>Every tenant the activity names, in either place (both are checked: they must not disagree).</summary>
    public IReadOnlyList<string> TenantIds() =>
        new[] { Conversation?.TenantId, Nested(ChannelData, "tenant", "id") }
            .OfType<string>().Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The Teams channel id (<c>19:…@thread.tacv2</c>) of a channel conversation.</summary>
    public string? TeamsChannelId() => Nested(ChannelData, "channel", "id");

    /// <summary>The team of a channel activity or of a team event (<c>channelData.team.id</c>).</summary>
    public string? TeamId() => Nested(ChannelData, "team", "id");

    /// <summary>True when the bot itself is among <see cref="MembersAdded"/> (it was added to a team or chat).</summary>
    public bool AddsTheBot() => MembersAdded?.Any(m => m.Id is not null && m.Id == Recipient?.Id) == true;

    /// <summary>True when the bot itself is among <see cref="MembersRemoved"/>.</summary>
    public bool RemovesTheBot() => MembersRemoved?.Any(m => m.Id is not null && m.Id == Recipient?.Id) == true;

    /// <summary>
    /// The id under which a retried activity is recognised (and recorded in the audit). Teams activity ids are unique
    /// within a conversation only, so the conversation is part of it; otherwise an id seen in one chat would make the
    /// same id in another chat look like a retry and be dropped. Stored ids are index keys: a conversation id too long
    /// for one is replaced by its hash.
    /// </summary>
    public string? DeliveryId()
    {
        if (Id is not { } activityId || Conversation?.Id is not { } conversationId)
        {
            return null;
        }

        var id = $"teams:{conversationId}|{activityId}";
        return id.Length <= MaxReadableDeliveryId
            ? id
            : "teams:sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{conversationId}|{activityId}")));
    }

    private const int MaxReadableDeliveryId = 300;

    private static string? Nested(JsonElement? element, string outer, string inner) =>
        element is { ValueKind: JsonValueKind.Object } e
        && e.TryGetProperty(outer, out var o) && o.ValueKind == JsonValueKind.Object
        && o.TryGetProperty(inner, out var i) && i.ValueKind == JsonValueKind.String
            ? i.GetString()
            : null;
}

public sealed record ChannelAccount
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? AadObjectId { get; init; }
}

public sealed record ConversationAccount
{
    public string? Id { get; init; }

    /// <summary>personal, groupChat or channel.</summary>
    public string? ConversationType { get; init; }

    public string? TenantId { get; init; }

    public bool? IsGroup { get; init; }
}

public sealed record Attachment
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";

    public static Attachment AdaptiveCard(JsonObject card) => new() { ContentType = AdaptiveCardType, Content = card };

    public string? ContentType { get; init; }

    /// <summary>A file's name (file consent and file info cards).</summary>
    public string? Name { get; init; }

    /// <summary>Where a file is (a file info card: the uploaded file in the person's OneDrive).</summary>
    public string? ContentUrl { get; init; }

    public JsonNode? Content { get; init; }
}

public sealed record Entity
{
    public string? Type { get; init; }

    public string? Text { get; init; }

    public ChannelAccount? Mentioned { get; init; }
}
