using LiteDB;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage;

/// <summary>The sign-offs (items, bypasses, confirmations) in the embedded store; every write is a unit of <see cref="LiteDbUnitOfWork"/>.</summary>
public sealed class LiteDbSignOffStore(LiteDbUnitOfWork unitOfWork) : ISignOffStore
{
    private readonly LiteDatabase _db = unitOfWork.Database;

    public Item? FindItem(ItemKey key) =>
        _db.GetCollection<ItemDocument>(LiteDbSetup.Items).FindById(key.ToString()) is { } doc ? DocumentMapping.ToDomain(doc) : null;

    public Bypass? FindBypass(string id) =>
        _db.GetCollection<BypassDocument>(LiteDbSetup.Bypasses).FindById(id) is { } doc ? DocumentMapping.ToDomain(doc) : null;

    public IEnumerable<Item> OpenItems() =>
        _db.GetCollection<ItemDocument>(LiteDbSetup.Items).Find(d => d.Open).Select(DocumentMapping.ToDomain);

    public bool IsReady()
    {
        try
        {
            _ = _db.GetCollection<AuditDocument>(LiteDbSetup.Audit).Find(Query.All(), 0, 1).Any();
            return true;
        }
        catch (LiteException)
        {
            return false;
        }
    }
}
