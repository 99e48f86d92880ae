namespace SignOffBot.Core.Conversations;

/// <summary>What the bot answers a person, before a surface renders it.</summary>
public abstract record ChatReply
{
    private ChatReply()
    {
    }

    /// <summary>A plain answer, visible where the command was typed.</summary>
    public sealed record Text(string Body) : ChatReply;

    /// <summary>Only the person who asked sees it: usage errors, refusals, repeats.</summary>
    public sealed record Private(string Body) : ChatReply;

    /// <summary>The sign-off card, with a short line above it.</summary>
    public sealed record Card(SignOffView View, string Summary) : ChatReply;
}
