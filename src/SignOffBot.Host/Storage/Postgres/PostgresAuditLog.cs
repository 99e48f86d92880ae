using Npgsql;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>The audit trail in PostgreSQL, read by page (it is appended inside store sessions, under the chain's lock).</summary>
public sealed class PostgresAuditLog(PostgresUnitOfWork unitOfWork) : IAuditLog
{
    internal const string Columns = "seq, at, actor, platform, action, item, slot, answer, comment, source, delivery_id, prev_hash, hash";

    private const int Page = 500;

    public IReadOnlyList<AuditEvent> Of(ItemKey item)
    {
        using var connection = unitOfWork.DataSource.OpenConnection();
        return Sql.Query(connection, null, $"SELECT {Columns} FROM audit WHERE lower(item) = lower(@item) ORDER BY seq", Read, ("item", item.ToString()));
    }

    public AuditEvent? Head()
    {
        using var connection = unitOfWork.DataSource.OpenConnection();
        return Sql.Query(connection, null, $"SELECT {Columns} FROM audit ORDER BY seq DESC LIMIT 1", Read) is [var head] ? head : null;
    }

    public IEnumerable<AuditEvent> Trail()
    {
        long after = 0;
        while (true)
        {
            List<AuditEvent> page;
            using (var connection = unitOfWork.DataSource.OpenConnection())
            {
                page = Sql.Query(connection, null, $"SELECT {Columns} FROM audit WHERE seq > @after ORDER BY seq LIMIT {Page}", Read, ("after", after));
            }

            foreach (var e in page)
            {
                yield return e;
            }

            if (page.Count < Page)
            {
                yield break;
            }

            after = page[^1].Seq;
        }
    }

    internal static AuditEvent Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), DocumentMapping.Utc(r.Utc(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.Text(5), r.Text(6), r.Text(7),
        r.Text(8), r.GetString(9), r.Text(10), r.GetString(11), r.GetString(12));

    internal static (string, object?)[] Parameters(AuditEvent e) =>
    [
        ("seq", e.Seq), ("at", e.At.UtcDateTime), ("actor", e.Actor), ("platform", e.Platform), ("action", e.Action), ("item", e.Item),
        ("slot", e.Slot), ("answer", e.Answer), ("comment", e.Comment), ("source", e.Source), ("deliveryId", e.DeliveryId),
        ("prevHash", e.PrevHash), ("hash", e.Hash),
    ];
}
