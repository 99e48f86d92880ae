using SignOffBot.Core.Items;

namespace SignOffBot.Core.Ports;

/// <summary>One page of <see cref="ISignOffStore.ListItems"/>; <see cref="Next"/> is the cursor of the next page, null on the last.</summary>
public sealed record ItemPage(IReadOnlyList<Item> Items, string? Next)
{
    /// <summary>
    /// The page of the first <paramref name="limit"/> of <paramref name="found"/> (in key order); stores ask for one
    /// item more than the limit, so a full last page is known to be the last.
    /// </summary>
    public static ItemPage Of(IReadOnlyList<Item> found, int limit)
    {
        var items = found.Take(limit).ToList();
        return new ItemPage(items, found.Count > limit ? ItemCursor.Of(items[^1].Key) : null);
    }
}
