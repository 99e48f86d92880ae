using Npgsql;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>The sign-offs (items, bypasses) in PostgreSQL as committed; every write is a unit of <see cref="PostgresUnitOfWork"/>.</summary>
public sealed class PostgresSignOffStore(PostgresUnitOfWork unitOfWork) : ISignOffStore
{
    private const int Page = 500;

    public event Action<IReadOnlyCollection<ItemKey>>? ItemsChanged
    {
        add => unitOfWork.ItemsChanged += value;
        remove => unitOfWork.ItemsChanged -= value;
    }

    public Item? FindItem(ItemKey key) =>
        Query("SELECT doc FROM items WHERE id = @id", ReadItem, ("id", Sql.Folded(key.ToString()))) is [var item] ? item : null;

    public Bypass? FindBypass(string id) =>
        Query("SELECT doc FROM bypasses WHERE id = @id", r => DocumentMapping.ToDomain(StoreJson.Read<BypassDocument>(r.GetString(0))), ("id", Sql.Folded(id))) is [var bypass]
            ? bypass
            : null;

    /// <summary>The open items, read a page at a time in key order (only while the caller reads on).</summary>
    public IEnumerable<Item> OpenItems()
    {
        var after = "";
        while (true)
        {
            var page = Query($"SELECT doc FROM items WHERE open AND key COLLATE \"C\" > @after ORDER BY key COLLATE \"C\" LIMIT {Page}", ReadItem, ("after", after));
            foreach (var item in page)
            {
                yield return item;
            }

            if (page.Count < Page)
            {
                yield break;
            }

            after = page[^1].Key.ToString();
        }
    }

    /// <summary>Granted bypasses whose post-incident review is open (bypasses are few: emergencies only).</summary>
    public IEnumerable<Bypass> OpenIncidentReviews() =>
        Query($"SELECT doc FROM bypasses WHERE doc->>'Status' = '{nameof(BypassStatus.Granted)}' ORDER BY id",
                r => DocumentMapping.ToDomain(StoreJson.Read<BypassDocument>(r.GetString(0))))
            .Where(b => b.Review is { IsOpen: true });

    public ItemPage ListItems(ItemQuery query)
    {
        var after = query.AfterKey();
        if (query.Project is { } project && !ItemKey.IsValidSegment(project))
        {
            return new ItemPage([], null);
        }

        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        void Filter(string condition, string name, object value)
        {
            where.Add(condition);
            parameters.Add((name, value));
        }

        if (after is not null)
        {
            Filter("key COLLATE \"C\" > @after", "after", after);
        }

        if (query.Project is not null)
        {
            Filter("project = @project", "project", Sql.Folded(query.Project));
        }

        if (query.State is { } state)
        {
            Filter("state = @state", "state", WireNames.Of(state));
        }

        if (query.Owner is not null)
        {
            Filter("owner = @owner", "owner", Sql.Folded(query.Owner));
        }

        var limit = (long)Math.Min(query.Limit, int.MaxValue - 1) + 1;
        var sql = $"SELECT doc FROM items {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY key COLLATE \"C\" LIMIT {limit}";
        return ItemPage.Of(Query(sql, ReadItem, [.. parameters]), query.Limit);
    }

    public bool IsReady()
    {
        try
        {
            Query("SELECT seq FROM audit LIMIT 1", r => r.GetInt64(0));
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static Item ReadItem(NpgsqlDataReader reader) => DocumentMapping.ToDomain(StoreJson.Read<ItemDocument>(reader.GetString(0)));

    private List<T> Query<T>(string sql, Func<NpgsqlDataReader, T> read, params (string, object?)[] parameters)
    {
        using var connection = unitOfWork.DataSource.OpenConnection();
        return Sql.Query(connection, null, sql, read, parameters);
    }
}
