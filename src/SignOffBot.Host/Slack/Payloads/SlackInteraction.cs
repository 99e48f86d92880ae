using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SignOffBot.Host.Slack.Payloads;

/// <summary>
/// The <c>payload</c> of a <c>POST /slack/interactions</c>: a button press (<c>block_actions</c>) or a modal
/// submission (<c>view_submission</c>), with the fields the bot reads.
/// </summary>
public sealed record SlackInteraction(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("user")] SlackIdRef? User,
    [property: JsonPropertyName("trigger_id")] string? TriggerId,
    [property: JsonPropertyName("actions")] IReadOnlyList<SlackBlockAction>? Actions,
    [property: JsonPropertyName("channel")] SlackIdRef? Channel,
    [property: JsonPropertyName("container")] SlackContainer? Container,
    [property: JsonPropertyName("view")] SlackView? View,
    [property: JsonPropertyName("response_url")] string? ResponseUrl = null)
{
    public const string BlockActions = "block_actions";
    public const string ViewSubmission = "view_submission";

    /// <summary>The interaction in a form field <c>payload</c>; throws <see cref="JsonException"/> when it is not one.</summary>
    public static SlackInteraction Parse(string payload) =>
        JsonSerializer.Deserialize<SlackInteraction>(payload) ?? throw new JsonException("The payload is null.");

    /// <summary>The first (and for buttons, only) action of a block_actions payload.</summary>
    public SlackBlockAction? Action => Actions is [var first, ..] ? first : null;

    /// <summary>The conversation the pressed message is in.</summary>
    public string? ChannelId => Channel?.Id ?? Container?.ChannelId;
}

public sealed record SlackIdRef([property: JsonPropertyName("id")] string? Id);

public sealed record SlackContainer([property: JsonPropertyName("channel_id")] string? ChannelId);

public sealed record SlackBlockAction(
    [property: JsonPropertyName("action_id")] string? ActionId,
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("action_ts")] string? ActionTs);

/// <summary>
/// A submitted modal, or the view a button was pressed on (<c>home</c> for the App Home): its <c>state</c> stays
/// JSON, read by the modal that wrote it.
/// </summary>
public sealed record SlackView(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("callback_id")] string? CallbackId,
    [property: JsonPropertyName("private_metadata")] string? PrivateMetadata,
    [property: JsonPropertyName("state")] JsonObject? State)
{
    /// <summary>The <c>type</c> of the App Home's view.</summary>
    public const string HomeType = "home";

    [JsonPropertyName("type")]
    public string? Type { get; init; }
}
