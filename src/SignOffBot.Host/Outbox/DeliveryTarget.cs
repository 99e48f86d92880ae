using SignOffBot.Core.Governance;
namespace SignOffBot.Host.Outbox;

/// <summary>
/// Where one delivery goes on one platform, as stored text: a person's private conversation, a release channel, a
/// conversation a command came from, or one stored copy of a card. Deliveries to the same target go out in order.
/// </summary>
public static class DeliveryTarget
{
    public const string PersonPrefix = "person:";
    public const string ChannelPrefix = "channel:";
    public const string ConversationPrefix = "conversation:";
    public const string CopyPrefix = "copy:";

    public static string Person(PersonId personId) => PersonPrefix + personId.Value;

    public static string Channel(string channelId) => ChannelPrefix + channelId;

    public static string Conversation(string conversationId) => ConversationPrefix + conversationId;

    public static string Copy(string copyId) => CopyPrefix + copyId;

    /// <summary>The id after <paramref name="prefix"/>, or null when <paramref name="target"/> is not of that kind.</summary>
    public static string? IdOf(string target, string prefix) =>
        target.StartsWith(prefix, StringComparison.Ordinal) ? target[prefix.Length..] : null;
}
