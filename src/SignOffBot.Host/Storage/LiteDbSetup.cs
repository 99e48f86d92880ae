using SignOffBot.Core.Notifications;
using LiteDB;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Storage;

/// <summary>Opens the database with our own mapper and the indexes every query relies on.</summary>
public static class LiteDbSetup
{
    public const string Items = "items";
    public const string Audit = "audit";
    public const string Deliveries = "deliveries";
    public const string Bypasses = "bypasses";
    public const string Confirmations = "confirmations";
    public const string Outbox = "outbox";
    public const string Reminders = "reminders";

    /// <summary>The index of <see cref="ItemDocument.OrderKey"/>, named for queries by expression.</summary>
    public const string ItemOrder = nameof(ItemDocument.OrderKey);

    /// <summary>
    /// Never <see cref="BsonMapper.Global"/>: its defaults trim strings and turn "" into null,
    /// which would change comments after they were hashed into the audit chain.
    /// </summary>
    public static BsonMapper CreateMapper() => new()
    {
        TrimWhitespace = false,
        EmptyStringToNull = false,
        SerializeNullValues = false,
        EnumAsInteger = false,
    };

    /// <summary>Opens (or creates) the database file and its log, see <see cref="DurableLiteDatabase"/>.</summary>
    /// <param name="exclusive">Fail with an <see cref="IOException"/> when another process has the file open, and keep others out.</param>
    public static LiteDatabase Open(string path, bool exclusive = false)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var db = DurableLiteDatabase.Open(full, CreateMapper(), exclusive);
        try
        {
            Prepare(db);
        }
        catch
        {
            db.Dispose();
            throw;
        }

        return db;
    }

    public static void Prepare(LiteDatabase db)
    {
        db.UtcDate = true;
        db.GetCollection<ItemDocument>(Items).EnsureIndex(d => d.Open);
        // By expression: a lambda would index a byte array as a list of its bytes.
        db.GetCollection<ItemDocument>(Items).EnsureIndex(ItemOrder, "$." + ItemOrder);
        AddOrderKeys(db);
        db.GetCollection<AuditDocument>(Audit).EnsureIndex(d => d.Item);
        db.GetCollection<BypassDocument>(Bypasses).EnsureIndex(d => d.Target);
        db.GetCollection<ConfirmationDocument>(Confirmations).EnsureIndex(d => d.Target);
        db.GetCollection<OutboxMessage>(Outbox).EnsureIndex(d => d.Status);
        // No query looks deliveries up by their next attempt (the open ones are found by status): an index kept on
        // every outbox write for nothing, dropped from files made before.
        db.GetCollection<OutboxMessage>(Outbox).DropIndex(nameof(OutboxMessage.NextAttemptAt));
        // A lane's open deliveries are known to the writer (OpenOutbox): no query looks messages up by lane.
        db.GetCollection<OutboxMessage>(Outbox).DropIndex(nameof(OutboxMessage.Lane));
        db.GetCollection<ReminderDocument>(Reminders).EnsureIndex(d => d.NextDueAt);
        db.GetCollection<ReminderDocument>(Reminders).EnsureIndex(d => d.Scope);
    }

    /// <summary>Items stored before <see cref="ItemDocument.OrderKey"/> existed get it (found through its index, as null).</summary>
    private static void AddOrderKeys(LiteDatabase db)
    {
        var items = db.GetCollection(Items);
        var missing = items.Find(Query.EQ(ItemOrder, BsonValue.Null)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        db.BeginTrans();
        foreach (var doc in missing)
        {
            doc[ItemOrder] = ItemDocument.OrderKeyOf(doc["_id"].AsString);
            items.Update(doc);
        }

        db.Commit();
    }
}
