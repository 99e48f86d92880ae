using LiteDB;

namespace SignOffBot.Host.Playground;

/// <summary>
/// One line in a playground conversation: a person's command, the bot's answer, or a card. Cards are stored as
/// the item (or bypass) they show and drawn from the current state on every read, so they are never stale.
/// </summary>
public sealed class PlaygroundMessageDocument
{
    [BsonId(autoId: true)]
    public long Id { get; set; }

    /// <summary><c>dm:&lt;person&gt;</c> (a person's conversation with the bot) or <c>channel:&lt;project&gt;</c>.</summary>
    public string Conversation { get; set; } = "";

    public DateTime At { get; set; }

    /// <summary>The person who typed it; empty for the bot.</summary>
    public string From { get; set; } = "";

    public string Text { get; set; } = "";

    /// <summary>Only this person sees the line (a refusal or usage error answered in a shared channel).</summary>
    public string? OnlyFor { get; set; }

    /// <summary>The item whose sign-off card follows the text.</summary>
    public string? Item { get; set; }

    /// <summary>Whose buttons the card shows; null draws it without buttons (a shared channel).</summary>
    public string? Viewer { get; set; }

    /// <summary>The bypass whose request card follows the text.</summary>
    public string? Bypass { get; set; }
}
