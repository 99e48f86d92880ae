using System.Text.Json.Nodes;

namespace SignOffBot.Host.Slack.BlockKit;

/// <summary>
/// A message for Slack: its <see cref="Text"/> (the whole message, or with <see cref="Blocks"/> the notification and
/// screen-reader text) and its Block Kit blocks. <see cref="ResponseType"/> is for answers to a command or through a
/// <c>response_url</c>: <c>ephemeral</c> (only the person who asked sees it) or <c>in_channel</c>.
/// </summary>
public sealed record SlackMessage(SlackMrkdwn Text, JsonArray? Blocks = null)
{
    public string? ResponseType { get; init; }

    /// <summary>A plain-text answer only the person who asked sees (escaped: "&lt;item&gt;" in a usage line shows as typed).</summary>
    public static SlackMessage Ephemeral(string plainText) => Answer("ephemeral", plainText);

    /// <summary>A plain-text answer shown in the channel with the command.</summary>
    public static SlackMessage InChannel(string plainText) => Answer("in_channel", plainText);

    /// <summary>The message as JSON, <c>response_type</c> first; the blocks are copied, never adopted.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (ResponseType is not null)
        {
            json["response_type"] = ResponseType;
        }

        json["text"] = Text.Text;
        if (Blocks is not null)
        {
            json["blocks"] = Blocks.DeepClone();
        }

        return json;
    }

    private static SlackMessage Answer(string responseType, string plainText) =>
        new(SlackMrkdwn.Plain(string.IsNullOrWhiteSpace(plainText) ? "-" : plainText)) { ResponseType = responseType };
}
