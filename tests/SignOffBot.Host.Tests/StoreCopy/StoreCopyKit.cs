using LiteDB;
using Npgsql;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Storage.Copy;
using SignOffBot.Host.StoreCopy;
using SignOffBot.Host.Tests.Commands;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.StoreCopy;

/// <summary>Runs <c>store copy</c> as an operator would, and counts what a LiteDB file and a PostgreSQL database hold.</summary>
internal static class StoreCopyKit
{
    /// <summary>Every collection <c>store copy</c> knows: the store's own and the adapters' record sets.</summary>
    public static IReadOnlySet<string> KnownCollections { get; } =
        LiteDbToPostgres.StoreCollections.Concat(PlatformRecordSets.All.Select(s => s.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary><c>signoffbot store &lt;args&gt;</c>, through the command table.</summary>
    public static CommandRun Store(params string[] args) => CommandRun.Of(["store", .. args]);

    public static CommandRun Copy(string source, TestDatabase target) => Copy(source, target.ConnectionString);

    public static CommandRun Copy(string source, string connectionString) =>
        Store("copy", "--from", "litedb:" + source, "--to", "postgres:" + connectionString);

    /// <summary>A small stopped store of <paramref name="items"/> seeded items, in a folder of its own.</summary>
    public static string SmallStore(int items = 30)
    {
        var path = Path.Combine(TempFolder.Create(), "data", "signoff.db");
        SeededStore.Build(path, items);
        return path;
    }

    /// <summary>Rows of each collection of the file (read-only), keyed by collection name.</summary>
    public static Dictionary<string, long> CollectionRows(string path)
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, ReadOnly = true }, LiteDbSetup.CreateMapper());
        return db.GetCollectionNames().ToDictionary(name => name, name => db.GetCollection(name).LongCount(), StringComparer.Ordinal);
    }

    /// <summary>Outbox rows of the file by kind (notice or delivery) and status.</summary>
    public static Dictionary<string, long> OutboxRows(string path)
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, ReadOnly = true }, LiteDbSetup.CreateMapper());
        return db.GetCollection<Core.Notifications.OutboxMessage>(LiteDbSetup.Outbox).FindAll()
            .GroupBy(m => $"{(m.Platform is null ? "notice" : "delivery")} {m.Status}")
            .ToDictionary(g => g.Key, g => g.LongCount(), StringComparer.Ordinal);
    }

    /// <summary>Rows of the database as the collections they came from: each table, and <c>platform_records</c> by set; only those with rows.</summary>
    public static Dictionary<string, long> TableRows(TestDatabase database)
    {
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (collection, table) in LiteDbToPostgres.TableOf)
        {
            if (database.Scalar($"SELECT count(*) FROM {table}") is > 0 and var count)
            {
                rows[collection] = count;
            }
        }

        using var connection = Open(database);
        using var sets = new NpgsqlCommand("SELECT set_name, count(*) FROM platform_records GROUP BY set_name", connection);
        using var reader = sets.ExecuteReader();
        while (reader.Read())
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }

    public static Dictionary<string, long> OutboxRows(TestDatabase database)
    {
        using var connection = Open(database);
        using var command = new NpgsqlCommand("SELECT CASE WHEN platform IS NULL THEN 'notice' ELSE 'delivery' END || ' ' || status, count(*) FROM outbox GROUP BY 1", connection);
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }

    /// <summary>Every row of the store's tables (nothing written: 0).</summary>
    public static long AllRows(TestDatabase database) =>
        LiteDbToPostgres.TableOf.Values.Append("platform_records").Sum(table => database.Scalar($"SELECT count(*) FROM {table}"));

    private static NpgsqlConnection Open(TestDatabase database)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }
}
