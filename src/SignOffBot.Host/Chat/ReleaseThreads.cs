using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Chat;

/// <summary>
/// The first status line of each item in each release channel, per platform: later lines of the item are replies in
/// its thread, so a busy channel shows one thread per item.
/// </summary>
public sealed class ReleaseThreads(LiteDbSignOffStore store)
{
    private readonly StoredCollection<ReleaseThreadDocument> _roots = store.Collection<ReleaseThreadDocument>("release_threads");

    /// <summary>The root message's id (Slack <c>ts</c>, Teams activity id), or null before the item's first line.</summary>
    public string? RootOf(string platform, string channel, string item) => _roots.FindById(Key(platform, channel, item))?.Root;

    public void Remember(string platform, string channel, string item, string root) =>
        _roots.Upsert(new ReleaseThreadDocument { Id = Key(platform, channel, item), Root = root });

    /// <summary>Forgets a root that is gone (its message was deleted): the item's next line starts a new thread.</summary>
    public void Forget(string platform, string channel, string item) => _roots.Delete(Key(platform, channel, item));

    private static string Key(string platform, string channel, string item) => $"{platform} {channel} {item}";
}

public sealed class ReleaseThreadDocument
{
    /// <summary>The platform, the channel id and the item key.</summary>
    public string Id { get; set; } = "";

    /// <summary>The thread's root message.</summary>
    public string Root { get; set; } = "";
}
