using Npgsql;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>Plain SQL with named parameters (<c>@name</c>) on a connection, inside a transaction when one is given.</summary>
internal static class Sql
{
    public static int Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static List<T> Query<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Func<NpgsqlDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static T? Single<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Func<NpgsqlDataReader, T> read, params (string Name, object? Value)[] parameters) =>
        Query(connection, transaction, sql, read, parameters) is [var row, ..] ? row : default;

    /// <summary>A nullable column.</summary>
    public static string? Text(this NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    /// <summary>A timestamptz column, as a UTC <see cref="DateTime"/>.</summary>
    public static DateTime Utc(this NpgsqlDataReader reader, int column) => reader.GetFieldValue<DateTime>(column);

    public static DateTime? UtcOrNull(this NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.Utc(column);

    /// <summary>
    /// A time to write: UTC, to the millisecond, as the embedded store keeps it (so both stores give back the same time).
    /// A time of unknown kind is taken as UTC.
    /// </summary>
    public static DateTime Stored(DateTime at)
    {
        var utc = at.Kind switch
        {
            DateTimeKind.Local => at.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(at, DateTimeKind.Utc),
            _ => at,
        };
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    public static DateTime? Stored(DateTime? at) => at is { } value ? Stored(value) : null;

    /// <summary>An id or a compared text as the embedded store's collation sees it: case ignored.</summary>
    public static string Folded(string text) => text.ToLowerInvariant();

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                null => new NpgsqlParameter(name, DBNull.Value),
                DateTime at => new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = Stored(at) },
                _ => new NpgsqlParameter(name, value),
            });
        }

        return command;
    }
}
