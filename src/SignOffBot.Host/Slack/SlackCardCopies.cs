using LiteDB;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Slack;

/// <summary>Every Slack message the bot posted with an item's card, so each can be redrawn with chat.update.</summary>
public sealed class SlackCardCopies
{
    /// <summary>The set of <see cref="SlackCardCopyDocument"/> records.</summary>
    public const string SetName = "slack_cards";

    private readonly IRecords<SlackCardCopyDocument> _copies;

    public SlackCardCopies(IPlatformRecords records) =>
        _copies = records.Set<SlackCardCopyDocument>(SetName, d => d.Item);

    public void Add(string item, string channel, string ts, string? viewer) =>
        _copies.Insert(new SlackCardCopyDocument { Item = item, Channel = channel, Ts = ts, Viewer = viewer });

    public IReadOnlyList<SlackCardCopyDocument> Of(string item) => _copies.Find(d => d.Item == item);

    public SlackCardCopyDocument? Find(string copyId) => StoredIds.ObjectIdOf(copyId) is { } id ? _copies.Find(id) : null;

    /// <summary>Drops a copy that can no longer be redrawn (its message or channel is gone).</summary>
    public void Forget(string copyId)
    {
        if (StoredIds.ObjectIdOf(copyId) is { } id)
        {
            _copies.Delete(id);
        }
    }
}

public sealed class SlackCardCopyDocument
{
    public ObjectId? Id { get; set; }

    public string Item { get; set; } = "";

    public string Channel { get; set; } = "";

    public string Ts { get; set; } = "";

    /// <summary>The person a DM copy was drawn for (with their buttons); null for a channel copy.</summary>
    public string? Viewer { get; set; }
}
