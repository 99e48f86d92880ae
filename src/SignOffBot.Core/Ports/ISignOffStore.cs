using SignOffBot.Core.Items;

namespace SignOffBot.Core.Ports;

/// <summary>The durable store. Writes go through <see cref="Transact{T}"/>, which runs one session at a time.</summary>
public interface ISignOffStore
{
    /// <summary>Runs <paramref name="work"/> in one transaction, serialised with every other write; commits when it returns.</summary>
    T Transact<T>(Func<IStoreSession, T> work);

    Item? FindItem(ItemKey key);

    /// <summary>A bypass as committed, or null.</summary>
    DeployChecks.Bypass? FindBypass(string id);

    /// <summary>Items whose sign-off is not-started, feedback-requested or final-approval-requested.</summary>
    IEnumerable<Item> OpenItems();

    /// <summary>Opens and reads the store; false when it cannot.</summary>
    bool IsReady();
}
