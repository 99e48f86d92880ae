using System.Data;
using LiteDB;
using Npgsql;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Notifications;
using SignOffBot.Host.Storage.Documents;
using SignOffBot.Host.Storage.Postgres;

namespace SignOffBot.Host.Storage.Copy;

/// <summary>
/// Copies a stopped embedded store, whole, into an empty PostgreSQL database whose schema is up to date: each of the
/// store's collections into its table (items, the audit trail with its sequence numbers and hashes as they are,
/// delivery ids, bypasses, confirmations, the outbox's notices and deliveries in whatever state they are, reminder
/// targets) and each set of the adapters' records into <c>platform_records</c>, as the PostgreSQL store would have
/// written them. One transaction, its rows streamed with binary <c>COPY</c>: the target ends up with the whole store or
/// with nothing. Before it commits, every table's rows are counted against its collection's and the audit chain is
/// verified where it now is, with the file's length and head.
/// </summary>
public static class LiteDbToPostgres
{
    /// <summary>How long the copy waits for the target's tables (a host writing there holds them).</summary>
    private const string LockTimeout = "10s";

    private static readonly string[] Tables = ["items", "audit", "deliveries", "bypasses", "confirmations", "outbox", "reminders", "platform_records"];

    /// <summary>The store's own collections (each has its table); the adapters' sets are the caller's <see cref="RecordSet"/>s.</summary>
    public static IReadOnlyList<string> StoreCollections { get; } =
        [LiteDbSetup.Items, LiteDbSetup.Audit, LiteDbSetup.Deliveries, LiteDbSetup.Bypasses, LiteDbSetup.Confirmations, LiteDbSetup.Outbox, LiteDbSetup.Reminders];

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/>, or refuses (<see cref="StoreCopyRefusedException"/>) having written nothing.</summary>
    public static CopyReport Copy(LiteDbStorage source, PostgresStorage target, IReadOnlyList<RecordSet> recordSets)
    {
        var db = source.UnitOfWork.Database;
        var known = StoreCollections.Concat(recordSets.Select(s => s.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = db.GetCollectionNames().Where(name => !known.Contains(name)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new StoreCopyRefusedException($"{source.FilePath} holds collections this copy does not know ({string.Join(", ", unknown)}); "
                + "it may come from a newer SignOffBot. Copy it with that version.");
        }

        using var connection = target.DataSource.OpenConnection();
        using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        LockEmptyTables(connection, transaction, recordSets);

        var (auditEvents, head) = CopyAudit(connection, db);
        var outbox = CopyOutbox(connection, db);
        var report = new CopyReport(
            CopyItems(connection, db),
            auditEvents,
            head,
            CopyDeliveryIds(connection, db),
            CopyBypasses(connection, db),
            CopyConfirmations(connection, db),
            outbox.Where(o => o.Key.Notice).ToDictionary(o => o.Key.Status, o => o.Value, StringComparer.Ordinal),
            outbox.Where(o => !o.Key.Notice).ToDictionary(o => o.Key.Status, o => o.Value, StringComparer.Ordinal),
            CopyReminders(connection, db),
            recordSets.ToDictionary(set => set.Name, set => CopyRecords(connection, db, set), StringComparer.Ordinal));

        // Ids the store makes from now on follow the copied ones.
        Sql.Execute(connection, transaction, "SELECT setval(pg_get_serial_sequence('outbox', 'id'), max(id)) FROM outbox HAVING count(*) > 0");
        Sql.Execute(connection, transaction, "SELECT setval(pg_get_serial_sequence('platform_records', 'seq'), max(seq)) FROM platform_records HAVING count(*) > 0");

        CheckCounts(connection, transaction, db, recordSets);
        CheckChain(connection, transaction, report);
        transaction.Commit();
        return report;
    }

    /// <summary>
    /// Takes the store's tables for this transaction (hosts' writes wait; reads go on) and checks that they hold nothing
    /// but the rows of replaceable sets, which are then dropped.
    /// </summary>
    private static void LockEmptyTables(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RecordSet> recordSets)
    {
        try
        {
            Sql.Execute(connection, transaction, $"SET LOCAL lock_timeout = '{LockTimeout}'");
            Sql.Execute(connection, transaction, $"LOCK TABLE {string.Join(", ", Tables)} IN EXCLUSIVE MODE");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            throw new StoreCopyRefusedException($"the target's tables stayed busy for {LockTimeout} (a host running on it?).");
        }

        var replaceable = recordSets.Where(s => s.Replaceable).Select(s => s.Name).ToArray();
        var held = Sql.Query(connection, transaction,
                string.Join(" UNION ALL ", Tables.Select(table => table == "platform_records"
                    ? $"SELECT '{table}', count(*) FROM {table} WHERE NOT (set_name = ANY(@replaceable))"
                    : $"SELECT '{table}', count(*) FROM {table}")),
                r => (Table: r.GetString(0), Rows: r.GetInt64(1)), ("replaceable", replaceable))
            .Where(t => t.Rows > 0)
            .ToList();
        if (held.Count > 0)
        {
            throw new StoreCopyRefusedException($"the target database already holds a store ({string.Join(", ", held.Select(t => $"{t.Table}: {t.Rows} rows"))}); "
                + "the copy goes into an empty database only.");
        }

        Sql.Execute(connection, transaction, "DELETE FROM platform_records WHERE set_name = ANY(@replaceable)", ("replaceable", replaceable));
    }

    private static long CopyItems(NpgsqlConnection connection, LiteDatabase db) =>
        BinaryRows.Import(connection, "items (id, key, project, owner, state, open, doc)", db.GetCollection<ItemDocument>(LiteDbSetup.Items).FindAll(), (row, doc) =>
        {
            row.Text(Sql.Folded(doc.Id));
            row.Text(doc.Id);
            row.Text(Sql.Folded(doc.Project));
            row.Text(Sql.Folded(doc.Owner));
            row.Text(doc.State);
            row.Flag(doc.Open);
            row.Json(StoreJson.Write(doc));
        });

    /// <summary>The trail in sequence order, every field as stored (so every hash stays as it was); returns its length and head.</summary>
    private static (long Events, string? Head) CopyAudit(NpgsqlConnection connection, LiteDatabase db)
    {
        string? head = null;
        var events = BinaryRows.Import(connection, $"audit ({PostgresAuditLog.Columns})", db.GetCollection<AuditDocument>(LiteDbSetup.Audit).FindAll(), (row, doc) =>
        {
            row.Number(doc.Id);
            row.Time(doc.At);
            row.Text(doc.Actor);
            row.Text(doc.Platform);
            row.Text(doc.Action);
            row.Text(doc.Item);
            row.Text(doc.Slot);
            row.Text(doc.Answer);
            row.Text(doc.Comment);
            row.Text(doc.Source);
            row.Text(doc.DeliveryId);
            row.Text(doc.PrevHash);
            row.Text(doc.Hash);
            head = doc.Hash;
        });
        return (events, head);
    }

    private static long CopyDeliveryIds(NpgsqlConnection connection, LiteDatabase db) =>
        BinaryRows.Import(connection, "deliveries (id, doc)", db.GetCollection<DeliveryDocument>(LiteDbSetup.Deliveries).FindAll(), (row, doc) =>
        {
            row.Text(Sql.Folded(doc.Id));
            row.Json(StoreJson.Write(doc));
        });

    private static long CopyBypasses(NpgsqlConnection connection, LiteDatabase db) =>
        BinaryRows.Import(connection, "bypasses (id, target, doc)", db.GetCollection<BypassDocument>(LiteDbSetup.Bypasses).FindAll(), (row, doc) =>
        {
            row.Text(Sql.Folded(doc.Id));
            row.Text(Sql.Folded(doc.Target));
            row.Json(StoreJson.Write(doc));
        });

    /// <summary>In the order they were stored (their ids), so of two at the same time the first stored stays the one answered.</summary>
    private static long CopyConfirmations(NpgsqlConnection connection, LiteDatabase db) =>
        BinaryRows.Import(connection, "confirmations (target, at, doc)", db.GetCollection<ConfirmationDocument>(LiteDbSetup.Confirmations).FindAll(), (row, doc) =>
        {
            row.Text(Sql.Folded(doc.Target));
            row.Time(doc.At);
            row.Json(StoreJson.Write(doc));
        });

    /// <summary>Notices and deliveries with their ids (deliveries name their notice's), unclaimed; returns the rows by kind and status.</summary>
    private static Dictionary<(bool Notice, string Status), long> CopyOutbox(NpgsqlConnection connection, LiteDatabase db)
    {
        var counts = new Dictionary<(bool Notice, string Status), long>();
        BinaryRows.Import(connection, $"outbox ({PostgresOutboxStore.Columns})", db.GetCollection<OutboxMessage>(LiteDbSetup.Outbox).FindAll(), (row, m) =>
        {
            row.Number(m.Id);
            row.Text(m.Status);
            row.Text(m.Notice);
            row.Time(m.CreatedAt);
            row.Time(m.NextAttemptAt);
            row.Integer(m.Attempts);
            row.Texts(m.DonePlatforms);
            row.Text(m.LastError);
            row.Text(m.Platform);
            row.Text(m.Target);
            row.Text(m.Lane);
            row.Text(m.Kind);
            row.Text(m.Item);
            row.Number(m.NoticeId);
            row.Text(m.TraceParent);
            var key = (m.Platform is null, m.Status);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        });
        return counts;
    }

    private static long CopyReminders(NpgsqlConnection connection, LiteDatabase db) =>
        BinaryRows.Import(connection, "reminders (id, scope, next_due_at, doc)", db.GetCollection<ReminderDocument>(LiteDbSetup.Reminders).FindAll(), (row, doc) =>
        {
            row.Text(Sql.Folded(doc.Id));
            row.Text(Sql.Folded(doc.Scope));
            row.Time(doc.NextDueAt);
            row.Json(StoreJson.Write(doc));
        });

    /// <summary>
    /// A set's records in the order of their ids, numbered in that order (a numeric id is its own number, as the
    /// PostgreSQL store numbers records it gives ids to), so both stores list them alike.
    /// </summary>
    private static long CopyRecords(NpgsqlConnection connection, LiteDatabase db, RecordSet set)
    {
        long order = 0;
        return BinaryRows.Import(connection, "platform_records (set_name, id, seq, doc)", set.Read(db), (row, record) =>
        {
            row.Text(set.Name);
            row.Text(record.Id);
            row.Number(record.Number ?? ++order);
            row.Json(record.Json);
        });
    }

    /// <summary>The table of each of the store's own collections.</summary>
    public static IReadOnlyDictionary<string, string> TableOf { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [LiteDbSetup.Items] = "items",
        [LiteDbSetup.Audit] = "audit",
        [LiteDbSetup.Deliveries] = "deliveries",
        [LiteDbSetup.Bypasses] = "bypasses",
        [LiteDbSetup.Confirmations] = "confirmations",
        [LiteDbSetup.Outbox] = "outbox",
        [LiteDbSetup.Reminders] = "reminders",
    };

    /// <summary>Each table (and each set of records) holds exactly as many rows as its collection in the file.</summary>
    private static void CheckCounts(NpgsqlConnection connection, NpgsqlTransaction transaction, LiteDatabase db, IReadOnlyList<RecordSet> recordSets)
    {
        var counted = StoreCollections
            .Select(c => (Collection: c, Rows: Sql.Query(connection, transaction, $"SELECT count(*) FROM {TableOf[c]}", r => r.GetInt64(0)).Single()))
            .Concat(recordSets.Select(s => (Collection: s.Name, Rows: Sql.Query(connection, transaction,
                "SELECT count(*) FROM platform_records WHERE set_name = @set", r => r.GetInt64(0), ("set", s.Name)).Single())));
        var differ = counted.Select(c => (c.Collection, c.Rows, InFile: db.GetCollection(c.Collection).LongCount())).Where(c => c.Rows != c.InFile).ToList();
        if (differ.Count > 0)
        {
            throw new StoreCopyRefusedException("the copy's row counts differ from the file's ("
                + string.Join(", ", differ.Select(d => $"{d.Collection}: {d.InFile} in the file, {d.Rows} copied")) + ").");
        }
    }

    /// <summary>The chain as it now is in PostgreSQL verifies, as long as the file's and with the same head.</summary>
    private static void CheckChain(NpgsqlConnection connection, NpgsqlTransaction transaction, CopyReport report)
    {
        string? head = null;
        var verified = AuditChain.Verify(Trail(connection, transaction).Select(e =>
        {
            head = e.Hash;
            return e;
        }));
        if (!verified.Ok)
        {
            throw new StoreCopyRefusedException($"the audit chain does not verify: it is broken at event {verified.BrokenAt} ({verified.Events} events before it hold).");
        }

        if (verified.Events != report.AuditEvents || head != report.AuditHead)
        {
            throw new StoreCopyRefusedException($"the copied audit chain ({verified.Events} events, head {head}) is not the file's ({report.AuditEvents} events, head {report.AuditHead}).");
        }
    }

    /// <summary>The trail in sequence order as this transaction sees it, read as it is walked.</summary>
    private static IEnumerable<AuditEvent> Trail(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using var command = new NpgsqlCommand($"SELECT {PostgresAuditLog.Columns} FROM audit ORDER BY seq", connection, transaction);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return PostgresAuditLog.Read(reader);
        }
    }
}
