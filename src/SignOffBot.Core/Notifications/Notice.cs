using SignOffBot.Core.Items;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Reminders;

namespace SignOffBot.Core.Notifications;

/// <summary>Something a chat surface must send because an action was accepted.</summary>
public abstract record Notice;

/// <summary>A private review request: the sign-off card, sent 1:1 to a person who may answer <see cref="Slot"/>.</summary>
public sealed record ReviewRequestNotice(PersonId Person, string Item, SlotRef Slot) : Notice;

/// <summary>A private request to an on-call approver to grant or deny a bypass.</summary>
public sealed record BypassRequestNotice(PersonId Person, string BypassId) : Notice;

/// <summary>
/// A short status line for one release channel of the item's project; <see cref="Final"/> for the final decision
/// (shown in the channel even where lines of one item are threaded).
/// </summary>
public sealed record ChannelStatusNotice(string Platform, string Channel, string Item, string Text, bool Final = false) : Notice;

/// <summary>Every copy of the item's card the bot posted is to be redrawn, so no stale buttons remain.</summary>
public sealed record CardRefreshNotice(string Item) : Notice;

/// <summary>Every copy of a bypass's request card the bot posted is to be redrawn (decided, or expired).</summary>
public sealed record BypassRefreshNotice(string BypassId) : Notice;

/// <summary>
/// Posts an item's card into a conversation (the answer to a command whose reply is a card); <see cref="Viewer"/> null
/// draws it without buttons. <see cref="ReplyUrl"/>: in Slack, where the answer can go instead when the bot cannot post
/// in that conversation (the command's <c>response_url</c>; a short-lived capability, never logged); in Teams, the
/// <c>serviceUrl</c> the command came from. <see cref="ReplyTo"/>: the message answered (a Teams activity id).
/// </summary>
public sealed record PostCardNotice(string Platform, string Conversation, string Item, string? Viewer, string Summary, string? ReplyUrl = null, string? ReplyTo = null) : Notice;

/// <summary>
/// Posts a text answer into a conversation; with <see cref="OnlyFor"/> only that user sees it (Slack). <see cref="ReplyTo"/>
/// is the message answered (a Slack thread ts, a Teams activity id); <see cref="ReplyUrl"/> in Teams the <c>serviceUrl</c>.
/// </summary>
public sealed record PostTextNotice(string Platform, string Conversation, string Text, string? OnlyFor, string? ReplyTo = null, string? ReplyUrl = null) : Notice;

/// <summary>
/// Sends a file the host holds for <see cref="Person"/> (<see cref="File"/>: its id among the held chat files; <see cref="Name"/>,
/// <see cref="Size"/> in bytes), introduced by <see cref="Caption"/>. In Slack it is uploaded into <see cref="Conversation"/>
/// (a direct message, or a channel the bot cannot post in, gets it in the person's direct message with the bot instead;
/// <see cref="User"/> is their Slack user id). In Teams it is offered in the person's personal chat with the bot
/// (<see cref="Conversation"/> when the command came from there, else null) and uploaded once they accept;
/// <see cref="ReplyUrl"/> is the <c>serviceUrl</c>, <see cref="ReplyTo"/> the message answered.
/// </summary>
public sealed record PostFileNotice(
    string Platform, string? Conversation, PersonId Person, string? User, string File, string Name, long Size, string Caption, string? ReplyUrl = null, string? ReplyTo = null) : Notice;

/// <summary>
/// A held file its person agreed to receive (Teams: they accepted the offer): its bytes are written to
/// <see cref="UploadUrl"/> (a short-lived capability the platform gave, never logged), then <see cref="Conversation"/> is
/// shown the file at <see cref="ContentUrl"/> (<see cref="Name"/>, <see cref="UniqueId"/> and <see cref="FileType"/> as the
/// platform named them). <see cref="ReplyUrl"/>: the Teams <c>serviceUrl</c>.
/// </summary>
public sealed record UploadFileNotice(
    string Platform, string Conversation, string File, string Name, string UploadUrl, string ContentUrl, string? UniqueId, string? FileType, string? ReplyUrl = null) : Notice;

/// <summary>
/// Reminder number <see cref="Number"/> of <see cref="Of"/> to a person who has not answered; <see cref="Kind"/> is
/// feedback, final or incident-review (then <see cref="Slot"/> is the bypass id).
/// </summary>
public sealed record ReminderNotice(PersonId Person, ReminderKind Kind, string Item, string Slot, int Number, int Of) : Notice;

/// <summary>Tells an owner or approver privately that <see cref="Reviewer"/> has not answered after the last reminder.</summary>
public sealed record OverdueNotice(PersonId Person, ReminderKind Kind, string Item, string Slot, PersonId Reviewer) : Notice;

/// <summary>A private line to one person about an item (the owner told of a major issue or of the final decision).</summary>
public sealed record PrivateTextNotice(PersonId Person, string Item, string Text) : Notice;
