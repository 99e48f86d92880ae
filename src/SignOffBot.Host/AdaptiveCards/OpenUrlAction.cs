namespace SignOffBot.Host.AdaptiveCards;

/// <summary>Action.OpenUrl: a button that opens a link; nothing is sent to the bot.</summary>
public sealed record OpenUrlAction(string Title, string Url) : CardAction(Title);
