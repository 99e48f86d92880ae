using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Slack;

/// <summary>
/// The first status line of each item in each release channel: later lines of the item are replies in its thread, so a
/// busy channel shows one thread per item.
/// </summary>
public sealed class SlackThreads(LiteDbSignOffStore store)
{
    private readonly StoredCollection<SlackThreadDocument> _roots = store.Collection<SlackThreadDocument>("slack_threads");

    public string? RootOf(string channel, string item) => _roots.FindById(Key(channel, item))?.Ts;

    public void Remember(string channel, string item, string ts) =>
        _roots.Upsert(new SlackThreadDocument { Id = Key(channel, item), Ts = ts });

    private static string Key(string channel, string item) => $"{channel} {item}";
}

public sealed class SlackThreadDocument
{
    /// <summary>The channel id and the item key.</summary>
    public string Id { get; set; } = "";

    /// <summary>The thread's root message.</summary>
    public string Ts { get; set; } = "";
}
