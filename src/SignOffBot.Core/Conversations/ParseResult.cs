namespace SignOffBot.Core.Conversations;

public abstract record ParseResult
{
    private ParseResult()
    {
    }

    public sealed record Parsed(ChatCommand Command) : ParseResult;

    /// <summary>What was wrong, and the right form of the command (or the command list when it is unknown).</summary>
    public sealed record UsageError(string Message, string Usage) : ParseResult
    {
        public string Text => $"{Message}\n{Usage}";
    }
}
