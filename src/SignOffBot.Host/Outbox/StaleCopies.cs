using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Outbox;

/// <summary>
/// A card copy is stored only once the platform has answered its post; a change committed while the post was on its
/// way planned its redraws without it. So right after a copy is stored, its card is drawn again from the item as it
/// is now: when that differs from what was posted, a redraw of the item's copies is queued, this one with them.
/// </summary>
public sealed class StaleCopies(ISignOffStore store, OutboxWriter outbox)
{
    public void RedrawIfChanged(string itemKey, string posted, Func<Item, string> draw)
    {
        if (store.FindItem(itemKey) is { } item && draw(item) != posted)
        {
            outbox.Enqueue(new CardRefreshNotice(itemKey));
        }
    }
}
