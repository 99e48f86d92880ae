using Npgsql;
using NpgsqlTypes;
using SignOffBot.Host.Storage.Postgres;

namespace SignOffBot.Host.Storage.Copy;

/// <summary>Rows streamed into a table with binary <c>COPY</c>, inside the connection's transaction, and the typed values of a row.</summary>
internal static class BinaryRows
{
    /// <summary>Writes every row of <paramref name="rows"/> into <paramref name="into"/> (<c>table (columns)</c>); returns how many.</summary>
    public static long Import<T>(NpgsqlConnection connection, string into, IEnumerable<T> rows, Action<NpgsqlBinaryImporter, T> write)
    {
        using var importer = connection.BeginBinaryImport($"COPY {into} FROM STDIN (FORMAT BINARY)");
        long count = 0;
        foreach (var row in rows)
        {
            importer.StartRow();
            write(importer, row);
            count++;
        }

        importer.Complete();
        return count;
    }

    public static void Text(this NpgsqlBinaryImporter row, string? value)
    {
        if (value is null)
        {
            row.WriteNull();
        }
        else
        {
            row.Write(value, NpgsqlDbType.Text);
        }
    }

    public static void Json(this NpgsqlBinaryImporter row, string json) => row.Write(json, NpgsqlDbType.Jsonb);

    /// <summary>A time as the PostgreSQL store writes it (<see cref="Sql.Stored(DateTime)"/>: UTC, to the millisecond).</summary>
    public static void Time(this NpgsqlBinaryImporter row, DateTime? at)
    {
        if (at is { } value)
        {
            row.Write(Sql.Stored(value), NpgsqlDbType.TimestampTz);
        }
        else
        {
            row.WriteNull();
        }
    }

    public static void Number(this NpgsqlBinaryImporter row, long? value)
    {
        if (value is { } number)
        {
            row.Write(number, NpgsqlDbType.Bigint);
        }
        else
        {
            row.WriteNull();
        }
    }

    public static void Integer(this NpgsqlBinaryImporter row, int value) => row.Write(value, NpgsqlDbType.Integer);

    public static void Flag(this NpgsqlBinaryImporter row, bool value) => row.Write(value, NpgsqlDbType.Boolean);

    public static void Texts(this NpgsqlBinaryImporter row, IEnumerable<string> values) => row.Write(values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
}
