namespace SignOffBot.Host.Slack;

public static class SlackPlatform
{
    /// <summary>Direct-message conversation ids start with D; only there may a card carry a person's own buttons.</summary>
    public static bool IsDirectMessage(string channel) => channel.StartsWith('D');
}
