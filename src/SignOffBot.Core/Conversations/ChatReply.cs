using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;

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

    /// <summary>
    /// The sign-off card of <paramref name="Item"/> as the action left it (surfaces draw it from this item, without
    /// reading it again), with a short line above it. <see cref="View"/> is what <paramref name="Viewer"/> sees,
    /// built the first time a surface asks for it.
    /// </summary>
    public sealed record Card(Item Item, string? Viewer, string Summary, GovernanceModel Directory) : ChatReply
    {
        public SignOffView View => field ??= SignOffViews.For(Item, Directory, Viewer);

        /// <summary>The item's key, as notices and card copies carry it.</summary>
        public string ItemKey => Item.Key.ToString();
    }
}
