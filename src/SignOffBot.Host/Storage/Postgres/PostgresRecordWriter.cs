using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using LiteDB;
using Npgsql;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>Reads of one set of records, on a connection (inside a unit's transaction when one is given).</summary>
internal sealed class PostgresRecordReader<T>(string set) where T : class
{
    public T? Find(NpgsqlConnection connection, NpgsqlTransaction? transaction, object id) =>
        Sql.Single(connection, transaction, "SELECT doc FROM platform_records WHERE set_name = @set AND id = @id", Read, ("set", set), ("id", RecordIds<T>.Text(id)));

    public List<T> Find(NpgsqlConnection connection, NpgsqlTransaction? transaction, Expression<Func<T, bool>> predicate, int limit = int.MaxValue)
    {
        var (condition, parameters) = RecordPredicates.ToSql(predicate);
        return Sql.Query(connection, transaction, $"SELECT doc FROM platform_records WHERE set_name = @set AND {condition} ORDER BY seq LIMIT @limit",
            Read, [("set", set), ("limit", (long)limit), .. parameters]);
    }

    /// <summary>The last <paramref name="count"/> matching records in the order they were added.</summary>
    public List<T> Last(NpgsqlConnection connection, Expression<Func<T, bool>> predicate, int count)
    {
        var (condition, parameters) = RecordPredicates.ToSql(predicate);
        var newestFirst = Sql.Query(connection, null, $"SELECT doc FROM platform_records WHERE set_name = @set AND {condition} ORDER BY seq DESC LIMIT @count",
            Read, [("set", set), ("count", (long)count), .. parameters]);
        newestFirst.Reverse();
        return newestFirst;
    }

    private static T Read(NpgsqlDataReader reader) => StoreJson.Read<T>(reader.GetString(0));
}

/// <summary>A set of records written inside one unit of work.</summary>
internal sealed class PostgresRecordWriter<T>(PostgresStoreSession session, string set) : IRecordWriter<T> where T : class
{
    private readonly PostgresRecordReader<T> _reader = new(set);

    /// <summary>A record as this unit reads it to change it: held (found or not yet there) until the unit commits.</summary>
    public T? Find(object id)
    {
        session.Lock($"record:{set}:{RecordIds<T>.Text(id)}");
        return _reader.Find(session.Connection, session.Transaction, id);
    }

    public IReadOnlyList<T> Find(Expression<Func<T, bool>> predicate) => _reader.Find(session.Connection, session.Transaction, predicate);

    /// <summary>Adds a record; one whose id is left to the store gets a new one (see <see cref="RecordIds{T}"/>).</summary>
    public int Insert(T record)
    {
        var seq = RecordIds<T>.AssignIfEmpty(record, () => session.Query("SELECT nextval(pg_get_serial_sequence('platform_records', 'seq'))", r => r.GetInt64(0)).Single());
        var id = RecordIds<T>.Text(RecordIds<T>.Of(record));
        return seq is { } given
            ? session.Execute("INSERT INTO platform_records (set_name, id, seq, doc) VALUES (@set, @id, @seq, @doc::jsonb)", ("set", set), ("id", id), ("seq", given), ("doc", StoreJson.Write(record)))
            : session.Execute("INSERT INTO platform_records (set_name, id, doc) VALUES (@set, @id, @doc::jsonb)", ("set", set), ("id", id), ("doc", StoreJson.Write(record)));
    }

    /// <summary>True when the record was added, false when it replaced one (as the embedded store answers).</summary>
    public bool Upsert(T record)
    {
        if (RecordIds<T>.IsEmpty(record))
        {
            Insert(record);
            return true;
        }

        return session.Query("""
            INSERT INTO platform_records (set_name, id, doc) VALUES (@set, @id, @doc::jsonb)
            ON CONFLICT (set_name, id) DO UPDATE SET doc = excluded.doc
            RETURNING xmax = 0
            """, r => r.GetBoolean(0), ("set", set), ("id", RecordIds<T>.Text(RecordIds<T>.Of(record))), ("doc", StoreJson.Write(record))).Single();
    }

    public int Upsert(IEnumerable<T> records) => records.Count(Upsert);

    public bool Delete(object id) =>
        session.Execute("DELETE FROM platform_records WHERE set_name = @set AND id = @id", ("set", set), ("id", RecordIds<T>.Text(id))) > 0;

    public int DeleteMany(Expression<Func<T, bool>> predicate)
    {
        var (condition, parameters) = RecordPredicates.ToSql(predicate);
        return session.Execute($"DELETE FROM platform_records WHERE set_name = @set AND {condition}", [("set", set), .. parameters]);
    }
}

/// <summary>
/// A record's id: its <c>Id</c> property, as the embedded store takes it. Ids left to the store are made here: an
/// object id (card copies) gets a new one, which is unique across hosts as it is across processes (time, machine,
/// process, counter), so a copy's id has the same 24 hex digits form on both stores and survives a store copy; a
/// number gets the next of the records' sequence. Text ids compare ignoring case, as in the embedded store.
/// </summary>
internal static class RecordIds<T> where T : class
{
    private static readonly PropertyInfo Property = typeof(T).GetProperty("Id")
        ?? throw new InvalidOperationException($"A platform record needs an Id property; {typeof(T).Name} has none.");

    public static object? Of(T record) => Property.GetValue(record);

    public static bool IsEmpty(T record) => Of(record) switch
    {
        null => true,
        long number => number == 0,
        int number => number == 0,
        _ => false,
    };

    /// <summary>Gives a record whose id is left to the store its id; returns the sequence number taken for a numeric one.</summary>
    public static long? AssignIfEmpty(T record, Func<long> nextNumber)
    {
        if (!IsEmpty(record))
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;
        if (type == typeof(ObjectId))
        {
            Property.SetValue(record, ObjectId.NewObjectId());
            return null;
        }

        if (type == typeof(long) || type == typeof(int))
        {
            var next = nextNumber();
            Property.SetValue(record, type == typeof(long) ? next : checked((int)next));
            return next;
        }

        throw new InvalidOperationException($"{typeof(T).Name} has no id: the store makes ids only for object ids and numbers.");
    }

    public static string Text(object? id) => id switch
    {
        string text => Sql.Folded(text),
        ObjectId objectId => objectId.ToString(),
        BsonValue { IsObjectId: true } bson => bson.AsObjectId.ToString(),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        null => throw new ArgumentNullException(nameof(id)),
        _ => id.ToString() ?? "",
    };
}
