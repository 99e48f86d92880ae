using SignOffBot.Testing;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Tests.Storage.Contract;

/// <summary>The store contract against the embedded LiteDB store, on a real file in a temp folder.</summary>
public sealed class LiteDbStoreContractTests : SignOffStoreContract
{
    // Field initializers run before the base constructor, which opens the store.
    private readonly string _path = Path.Combine(TempFolder.Create(), "signoff.db");

    protected override StorePorts OpenStore()
    {
        var storage = LiteDbStorage.Open(_path);
        return new StorePorts(storage.UnitOfWork, storage.SignOffs, storage.Audit, storage.Outbox, storage.Reminders, storage.Records, storage);
    }
}
