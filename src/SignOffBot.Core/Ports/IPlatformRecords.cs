using System.Linq.Expressions;

namespace SignOffBot.Core.Ports;

/// <summary>
/// The platform adapters' own records (conversation references, card copies, people found by lookup, release thread
/// roots, playground messages), each kind in a named set of small documents with an <c>Id</c>.
/// </summary>
public interface IPlatformRecords
{
    /// <summary>The set <paramref name="name"/>, its lookups by <paramref name="indexes"/> made fast on the way.</summary>
    IRecords<T> Set<T>(string name, params Expression<Func<T, object?>>[] indexes) where T : class;
}

/// <summary>
/// One named set of records. Reads are of committed data; every write is one unit of the store's group commit, so it
/// returns only once it is durable.
/// </summary>
public interface IRecords<T> where T : class
{
    string Name { get; }

    T? Find(object id);

    IReadOnlyList<T> Find(Expression<Func<T, bool>> predicate, int limit = int.MaxValue);

    /// <summary>The last <paramref name="count"/> records matching <paramref name="predicate"/>, in the order they were added.</summary>
    IReadOnlyList<T> Last(Expression<Func<T, bool>> predicate, int count);

    void Insert(T record);

    bool Upsert(T record);

    bool Delete(object id);

    /// <summary>Reads and writes the set in one unit of work (a read-modify-write).</summary>
    TResult Change<TResult>(Func<IRecordWriter<T>, TResult> work);
}

/// <summary>A set of records inside a unit of work: what it writes commits with the rest of the unit.</summary>
public interface IRecordWriter<T> where T : class
{
    T? Find(object id);

    IReadOnlyList<T> Find(Expression<Func<T, bool>> predicate);

    bool Upsert(T record);

    int Upsert(IEnumerable<T> records);

    int DeleteMany(Expression<Func<T, bool>> predicate);
}
