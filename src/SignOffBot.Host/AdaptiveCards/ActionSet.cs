namespace SignOffBot.Host.AdaptiveCards;

/// <summary>
/// An ActionSet: buttons inside the body. Teams' host config allows at most <see cref="MaxActions"/> per set,
/// so <see cref="Of"/> splits longer lists into several sets.
/// </summary>
public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement
{
    public const int MaxActions = 6;

    public static IEnumerable<ActionSet> Of(IEnumerable<CardAction> actions) =>
        actions.Chunk(MaxActions).Select(chunk => new ActionSet(chunk));
}
