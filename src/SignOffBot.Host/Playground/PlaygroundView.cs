using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Playground;

/// <summary>What the page shows one person: their conversation with the bot, their pending reviews, every release channel.</summary>
public sealed record PlaygroundPage(string You, long Version, IReadOnlyList<PlaygroundConversation> Conversations, IReadOnlyList<PlaygroundPending> Pending);

/// <summary>A conversation the page shows as a region named <see cref="Name"/>.</summary>
public sealed record PlaygroundConversation(string Id, string Name, IReadOnlyList<PlaygroundLine> Lines);

/// <summary>One line; <see cref="Card"/> is the Adaptive Card drawn now for the line's viewer, when the line carries one.</summary>
public sealed record PlaygroundLine(long Id, string From, string Text, bool OnlyYou, JsonObject? Card);

public sealed record PlaygroundPending(string Item, string Slot, string Risk);

/// <summary>Draws the playground for one person from the stored conversations and the current sign-offs.</summary>
public sealed class PlaygroundView(PlaygroundTimeline timeline, IGovernanceSource governance, ISignOffStore store, SignOffService signOffs, PlaygroundCards cards)
{
    public const string DirectName = "Conversation with SignOffBot";
    private const int LinesShown = 60;

    /// <summary>The page's conversations: the person's own with the bot, then one release channel per project.</summary>
    public static IReadOnlyList<(string Id, string Name)> ConversationsOf(GovernanceModel directory, string person) =>
        [(PlaygroundTimeline.Direct(person), DirectName), .. ChannelsOf(directory)];

    /// <summary>One release channel per project, in key order.</summary>
    public static IEnumerable<(string Id, string Name)> ChannelsOf(GovernanceModel directory) =>
        directory.Projects.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (PlaygroundTimeline.Channel(p.Key), ChannelName(p.Key)));

    public static string ChannelName(string project) => $"{project} release channel";

    public PlaygroundPage For(string person)
    {
        var directory = governance.Current;
        var version = timeline.Version;
        var conversations = ConversationsOf(directory, person)
            .Select(c => new PlaygroundConversation(c.Id, c.Name, Lines(timeline.Latest(c.Id, LinesShown), person, directory)))
            .ToList();
        var pending = signOffs.Pending(person)
            .Select(p => new PlaygroundPending(p.Item.Key.ToString(), p.Slot == SlotNames.Final ? SignOffViews.FinalTitle : p.Slot, WireNames.Of(p.Item.Risk)))
            .ToList();
        return new PlaygroundPage(person, version, conversations, pending);
    }

    private List<PlaygroundLine> Lines(IReadOnlyList<PlaygroundMessageDocument> messages, string person, GovernanceModel directory)
    {
        // Only the newest card of an item is drawn in a conversation; older ones point to it, so no button appears twice.
        var newestCard = messages.Where(m => m.Item is not null || m.Bypass is not null)
            .GroupBy(m => m.Item ?? m.Bypass)
            .Select(g => g.Max(m => m.Id))
            .ToHashSet();
        var lines = new List<PlaygroundLine>();
        foreach (var m in messages.Where(m => m.OnlyFor is null || string.Equals(m.OnlyFor, person, StringComparison.OrdinalIgnoreCase)))
        {
            var from = m.From.Length == 0 ? "SignOffBot" : directory.DisplayName(m.From);
            var card = newestCard.Contains(m.Id) ? CardOf(m) : null;
            var text = (m.Item ?? m.Bypass) is not null && card is null ? $"{m.Text} (its current card is further down)" : m.Text;
            lines.Add(new PlaygroundLine(m.Id, from, text, m.OnlyFor is not null, card));
        }

        return lines;
    }

    private JsonObject? CardOf(PlaygroundMessageDocument message)
    {
        if (message.Item is not null)
        {
            return store.FindItem(message.Item) is { } item ? cards.For(item, message.Viewer) : null;
        }

        var bypass = message.Bypass is null ? null : store.FindBypass(message.Bypass);
        return bypass is null ? null : cards.For(bypass);
    }
}
