using SignOffBot.Core.Items;

namespace SignOffBot.Core.Ports;

/// <summary>The sign-offs as committed (items, bypasses); they are written through <see cref="IUnitOfWork"/>.</summary>
public interface ISignOffStore
{
    Item? FindItem(ItemKey key);

    /// <summary>A bypass as committed, or null.</summary>
    DeployChecks.Bypass? FindBypass(string id);

    /// <summary>Items whose sign-off is not-started, feedback-requested or final-approval-requested.</summary>
    IEnumerable<Item> OpenItems();

    /// <summary>Granted bypasses whose post-incident review is not closed yet.</summary>
    IEnumerable<DeployChecks.Bypass> OpenIncidentReviews();

    /// <summary>One page of the items <paramref name="query"/> selects, in the ordinal order of their keys.</summary>
    /// <exception cref="ArgumentException">The query's cursor is not one a page gave, or its limit is below 1.</exception>
    ItemPage ListItems(ItemQuery query);

    /// <summary>Opens and reads the store; false when it cannot.</summary>
    bool IsReady();
}
