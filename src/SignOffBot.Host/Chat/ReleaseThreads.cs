using System.Collections.Concurrent;
using SignOffBot.Host.Outbox;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Chat;

/// <summary>
/// The first status line of each item in each release channel, per platform: later lines of the item are replies in
/// its thread, so a busy channel shows one thread per item. A new root is stored with the outbox's next write (see
/// <see cref="IDeliveryRecords"/>); until then it is read from memory. A crash before that write loses only the link:
/// the item's next line starts a new thread.
/// </summary>
public sealed class ReleaseThreads(IPlatformRecords records) : IDeliveryRecords
{
    /// <summary>The set of <see cref="ReleaseThreadDocument"/> records.</summary>
    public const string SetName = "release_threads";

    private readonly IRecords<ReleaseThreadDocument> _roots = records.Set<ReleaseThreadDocument>(SetName);
    private readonly ConcurrentDictionary<string, string> _unsaved = new(StringComparer.Ordinal);

    /// <summary>The root message's id (Slack <c>ts</c>, Teams activity id), or null before the item's first line.</summary>
    public string? RootOf(string platform, string channel, string item)
    {
        var key = Key(platform, channel, item);
        return _unsaved.TryGetValue(key, out var root) ? root : _roots.Find(key)?.Root;
    }

    public void Remember(string platform, string channel, string item, string root) => _unsaved[Key(platform, channel, item)] = root;

    /// <summary>Forgets a root that is gone (its message was deleted): the item's next line starts a new thread.</summary>
    public void Forget(string platform, string channel, string item)
    {
        var key = Key(platform, channel, item);
        _unsaved.TryRemove(key, out _);
        _roots.Delete(key);
    }

    public UnsavedRecords? TakeUnsaved()
    {
        var taken = _unsaved.ToArray();
        if (taken.Length == 0)
        {
            return null;
        }

        return new UnsavedRecords(
            session => session.Records<ReleaseThreadDocument>(SetName).Upsert(taken.Select(r => new ReleaseThreadDocument { Id = r.Key, Root = r.Value })),
            () =>
            {
                foreach (var record in taken)
                {
                    // Only if it was not replaced meanwhile (that one waits for the next write).
                    _unsaved.TryRemove(record);
                }
            });
    }

    private static string Key(string platform, string channel, string item) => $"{platform} {channel} {item}";
}

public sealed class ReleaseThreadDocument
{
    /// <summary>The platform, the channel id and the item key.</summary>
    public string Id { get; set; } = "";

    /// <summary>The thread's root message.</summary>
    public string Root { get; set; } = "";
}
