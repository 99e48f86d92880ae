using SignOffBot.Testing;
using SignOffBot.Host.Storage.Postgres;

namespace SignOffBot.Host.Tests.Storage.Contract;

/// <summary>The store contract against PostgreSQL, on a database of each test's own (dropped after it).</summary>
public sealed class PostgresStoreContractTests : SignOffStoreContract
{
    // Field initializers run before the base constructor, which opens the store.
    private readonly TestDatabase _database = TestPostgres.CreateDatabase();

    protected override StorePorts OpenStore()
    {
        var storage = PostgresStorage.Open(_database.ConnectionString);
        return new StorePorts(storage.UnitOfWork, storage.SignOffs, storage.Audit, storage.Outbox, storage.Reminders, storage.Records, storage);
    }

    protected override void Closed() => _database.Dispose();
}

/// <summary>Two hosts on one PostgreSQL database (a database of each test's own, dropped after it).</summary>
public sealed class PostgresSharedStoreContractTests : SharedStoreContract
{
    // Field initializers run before the base constructor, which opens the hosts' stores.
    private readonly TestDatabase _database = TestPostgres.CreateDatabase();

    protected override StorePorts OpenHost()
    {
        var storage = PostgresStorage.Open(_database.ConnectionString);
        return new StorePorts(storage.UnitOfWork, storage.SignOffs, storage.Audit, storage.Outbox, storage.Reminders, storage.Records, storage);
    }

    protected override void Closed() => _database.Dispose();
}
