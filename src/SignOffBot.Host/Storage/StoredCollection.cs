using System.Linq.Expressions;
using LiteDB;

namespace SignOffBot.Host.Storage;

/// <summary>
/// One named collection of the store file for a part of the host (card copies, conversation references, people found
/// by lookup, playground messages). Reads run at once on committed data; every write is a unit of work of the store's
/// group commit, so it never runs beside another write transaction and returns only once it is on the disk.
/// </summary>
public sealed class StoredCollection<T>
{
    private readonly LiteDbSignOffStore _store;
    private readonly ILiteCollection<T> _reads;

    internal StoredCollection(LiteDbSignOffStore store, LiteDatabase db, string name)
    {
        _store = store;
        Name = name;
        _reads = db.GetCollection<T>(name);
    }

    public string Name { get; }

    public T? FindById(BsonValue id) => _reads.FindById(id);

    public IReadOnlyList<T> Find(Expression<Func<T, bool>> predicate, int limit = int.MaxValue) =>
        _reads.Find(predicate, 0, limit).ToList();

    /// <summary>A query over committed data.</summary>
    public ILiteQueryable<T> Query() => _reads.Query();

    /// <summary>Reads and writes this collection in one unit of work of the group commit (a read-modify-write).</summary>
    public TResult Write<TResult>(Func<ILiteCollection<T>, TResult> work) => _store.Write(session => work(session.Collection<T>(Name)));

    public void Insert(T document) => _store.Write(session => session.Collection<T>(Name).Insert(document));

    public bool Upsert(T document) => _store.Write(session => session.Collection<T>(Name).Upsert(document));

    public bool Delete(BsonValue id) => _store.Write(session => session.Collection<T>(Name).Delete(id));
}
