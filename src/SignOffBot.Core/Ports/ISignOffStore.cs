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

    /// <summary>Opens and reads the store; false when it cannot.</summary>
    bool IsReady();
}
