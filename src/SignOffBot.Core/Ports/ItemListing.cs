namespace SignOffBot.Core.Ports;

public static class ItemListing
{
    /// <summary>
    /// One page of the items <paramref name="query"/> selects in any of <paramref name="projects"/> (its own project
    /// is ignored): a page of each project, merged in key order. Each project's page holds the first items after the
    /// cursor there, so the first <see cref="ItemQuery.Limit"/> of the merge are the first of all of them.
    /// </summary>
    public static ItemPage ListItemsIn(this ISignOffStore store, ItemQuery query, IEnumerable<string> projects)
    {
        var pages = projects.Distinct(StringComparer.OrdinalIgnoreCase).Select(p => store.ListItems(query with { Project = p })).ToList();
        var merged = pages.SelectMany(p => p.Items).OrderBy(i => i.Key.ToString(), StringComparer.Ordinal).ToList();
        var page = ItemPage.Of(merged, query.Limit);
        return page.Next is null && pages.Any(p => p.Next is not null) && page.Items.Count > 0
            ? page with { Next = ItemCursor.Of(page.Items[^1].Key) }
            : page;
    }
}
