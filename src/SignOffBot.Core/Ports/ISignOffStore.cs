using SignOffBot.Core.Items;

namespace SignOffBot.Core.Ports;

/// <summary>The sign-offs as committed (items, bypasses); they are written through <see cref="IUnitOfWork"/>.</summary>
public interface ISignOffStore
{
    /// <summary>
    /// Raised after a commit of this process that wrote items, or bypasses or confirmations of items, naming those items
    /// (on the committing thread: handlers must be quick and must not write). Another host's commits on a shared store
    /// are not seen here.
    /// </summary>
    event Action<IReadOnlyCollection<ItemKey>>? ItemsChanged;

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
