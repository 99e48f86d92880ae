using System.Text.Json.Nodes;
using SignOffBot.Core.Outcomes;

namespace SignOffBot.Host.Slack.BlockKit;

/// <summary>The colour of a button: default (none), <c>primary</c> (green) or <c>danger</c> (red).</summary>
public enum ButtonStyle
{
    Default,
    Primary,
    Danger,
}

/// <summary>
/// Small typed builders of Block Kit JSON (text objects, blocks, elements). Each keeps its own documented limit
/// (<see cref="BlockKitLimits"/>) by cutting the text it is given, so no builder can produce an invalid length.
/// Block ids are given by the message builders through <see cref="SlackActionIds"/>.
/// </summary>
public static class Blocks
{
    /// <summary>
    /// A plain_text object: Slack shows it as given and parses no mentions, links, dates or formatting in it, so it is
    /// not escaped (every one the bot sends holds its own words, item keys and configured names), and a time marked for
    /// the reader is written in UTC.
    /// </summary>
    public static JsonObject PlainText(string text, int maxChars = BlockKitLimits.Text) => new()
    {
        ["type"] = "plain_text",
        ["text"] = SlackText.Cut(NonEmpty(ReaderTime.InUtc(text)), maxChars),
    };

    /// <summary>A mrkdwn text object (see <see cref="SlackMrkdwn"/>: plain text in it is escaped).</summary>
    /// <param name="verbatim">True for text that carries what people typed: no automatic links or mentions.</param>
    public static JsonObject Mrkdwn(SlackMrkdwn text, bool verbatim = false, int maxChars = BlockKitLimits.Text)
    {
        var node = new JsonObject
        {
            ["type"] = "mrkdwn",
            ["text"] = SlackText.CutEscaped(NonEmpty(text.Text), maxChars),
        };
        if (verbatim)
        {
            node["verbatim"] = true;
        }

        return node;
    }

    public static JsonObject Header(string text) => new()
    {
        ["type"] = "header",
        ["text"] = PlainText(text, BlockKitLimits.HeaderText),
    };

    public static JsonObject Section(JsonObject text) => new()
    {
        ["type"] = "section",
        ["text"] = text,
    };

    /// <summary>A section of at most 10 fields (two columns), each cut to 2000 characters.</summary>
    public static JsonObject Fields(IEnumerable<SlackMrkdwn> mrkdwnFields) => new()
    {
        ["type"] = "section",
        ["fields"] = new JsonArray([.. mrkdwnFields.Take(BlockKitLimits.SectionFields).Select(f => (JsonNode)Mrkdwn(f, verbatim: true, BlockKitLimits.SectionFieldText))]),
    };

    /// <summary>A context block of at most 10 text elements.</summary>
    public static JsonObject Context(params JsonObject[] elements) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray([.. elements.Take(BlockKitLimits.ContextElements).Select(e => (JsonNode)e)]),
    };

    public static JsonObject Divider() => new() { ["type"] = "divider" };

    /// <summary>An actions block of at most 25 elements.</summary>
    public static JsonObject Actions(IEnumerable<JsonObject> elements) => new()
    {
        ["type"] = "actions",
        ["elements"] = new JsonArray([.. elements.Take(BlockKitLimits.ActionsElements).Select(e => (JsonNode)e)]),
    };

    /// <summary>A button; the value must fit 2000 characters (it is data, never cut).</summary>
    public static JsonObject Button(string text, string actionId, string value, ButtonStyle style = ButtonStyle.Default, string? accessibilityLabel = null)
    {
        if (value.Length > BlockKitLimits.ButtonValue)
        {
            throw new ArgumentException($"A button value may have at most {BlockKitLimits.ButtonValue} characters, this one has {value.Length}.", nameof(value));
        }

        var button = new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = actionId,
            ["text"] = PlainText(text, BlockKitLimits.ButtonText),
            ["value"] = value,
        };
        if (style != ButtonStyle.Default)
        {
            button["style"] = style == ButtonStyle.Primary ? "primary" : "danger";
        }

        if (!string.IsNullOrWhiteSpace(accessibilityLabel))
        {
            button["accessibility_label"] = SlackText.Cut(accessibilityLabel, BlockKitLimits.AccessibilityLabel);
        }

        return button;
    }

    /// <summary>An input block holding a multi-line plain-text input.</summary>
    public static JsonObject TextInput(string blockId, string actionId, string label, bool optional, int maxLength, string? placeholder = null)
    {
        var element = new JsonObject
        {
            ["type"] = "plain_text_input",
            ["action_id"] = actionId,
            ["multiline"] = true,
            ["max_length"] = Math.Clamp(maxLength, 1, BlockKitLimits.InputMaxLength),
        };
        if (!string.IsNullOrWhiteSpace(placeholder))
        {
            element["placeholder"] = PlainText(placeholder, BlockKitLimits.InputPlaceholder);
        }

        return new JsonObject
        {
            ["type"] = "input",
            ["block_id"] = blockId,
            ["label"] = PlainText(label, BlockKitLimits.InputLabel),
            ["element"] = element,
            ["optional"] = optional,
        };
    }

    /// <summary>Text objects must not be empty; a lone space would be refused too, so empty text becomes "-".</summary>
    private static string NonEmpty(string text) => string.IsNullOrWhiteSpace(text) ? "-" : text;
}
