using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>
/// The adapters' own records in PostgreSQL: one table for every set (<c>platform_records</c>), each record a JSON
/// document under its set's name and its id. A lookup field named when the set is opened gets an index of its own,
/// created once under an advisory lock (hosts opening the same set at once do not race).
/// </summary>
public sealed class PostgresPlatformRecords(PostgresUnitOfWork unitOfWork) : IPlatformRecords
{
    public IRecords<T> Set<T>(string name, params Expression<Func<T, object?>>[] indexes) where T : class
    {
        foreach (var property in indexes.Select(RecordPredicates.PropertyOf).Distinct(StringComparer.Ordinal))
        {
            var index = IndexName(name, property);
            unitOfWork.Write(session =>
            {
                // Looked up first: creating an index, even one that exists, holds writes to the table for a moment.
                session.Lock("index:" + index);
                return session.Query("SELECT to_regclass(@index) IS NOT NULL", r => r.GetBoolean(0), ("index", index)).Single()
                    ? 0
                    : session.Execute($"CREATE INDEX IF NOT EXISTS {index} ON platform_records (set_name, {RecordPredicates.Field(property)})");
            });
        }

        return new PostgresRecords<T>(unitOfWork, name);
    }

    /// <summary>A valid, unique index name for a set's field (sets and fields are code's names; a hash keeps them apart).</summary>
    private static string IndexName(string set, string property)
    {
        var plain = new string([.. $"{set}_{property}".ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{set}\n{property}")))[..8];
        return $"records_{(plain.Length > 40 ? plain[..40] : plain)}_{hash}";
    }
}

/// <summary>One set of records: reads of committed data, each write one unit of work.</summary>
public sealed class PostgresRecords<T>(PostgresUnitOfWork unitOfWork, string name) : IRecords<T> where T : class
{
    public string Name => name;

    public T? Find(object id) => Read(connection => new PostgresRecordReader<T>(name).Find(connection, null, id));

    public IReadOnlyList<T> Find(Expression<Func<T, bool>> predicate, int limit = int.MaxValue) =>
        Read(connection => new PostgresRecordReader<T>(name).Find(connection, null, predicate, limit));

    public IReadOnlyList<T> Last(Expression<Func<T, bool>> predicate, int count) =>
        Read(connection => new PostgresRecordReader<T>(name).Last(connection, predicate, count));

    public void Insert(T record) => unitOfWork.Write(session => new PostgresRecordWriter<T>(session, name).Insert(record));

    public bool Upsert(T record) => unitOfWork.Write(session => new PostgresRecordWriter<T>(session, name).Upsert(record));

    public bool Delete(object id) => unitOfWork.Write(session => new PostgresRecordWriter<T>(session, name).Delete(id));

    public TResult Change<TResult>(Func<IRecordWriter<T>, TResult> work) => unitOfWork.Write(session => work(new PostgresRecordWriter<T>(session, name)));

    private TResult Read<TResult>(Func<Npgsql.NpgsqlConnection, TResult> read)
    {
        using var connection = unitOfWork.DataSource.OpenConnection();
        return read(connection);
    }
}
