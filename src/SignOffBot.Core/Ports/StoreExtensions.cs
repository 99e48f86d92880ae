using SignOffBot.Core.Items;

namespace SignOffBot.Core.Ports;

public static class StoreExtensions
{
    /// <summary>The item with this key text (<c>project/name@version</c>), or null when the text is no key or no item has it.</summary>
    public static Item? FindItem(this ISignOffStore store, string? key) =>
        ItemKey.TryParse(key, out var parsed) ? store.FindItem(parsed) : null;

    /// <inheritdoc cref="FindItem(ISignOffStore, string?)"/>
    public static Item? FindItem(this IStoreSession session, string? key) =>
        ItemKey.TryParse(key, out var parsed) ? session.FindItem(parsed) : null;
}
