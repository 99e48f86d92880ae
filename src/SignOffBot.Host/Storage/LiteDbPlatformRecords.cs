using System.Linq.Expressions;
using LiteDB;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Storage;

/// <summary>The adapters' own records in the embedded store: one collection per set, written through <see cref="LiteDbUnitOfWork"/>.</summary>
public sealed class LiteDbPlatformRecords(LiteDbUnitOfWork unitOfWork) : IPlatformRecords
{
    public IRecords<T> Set<T>(string name, params Expression<Func<T, object?>>[] indexes) where T : class
    {
        if (indexes.Length > 0)
        {
            unitOfWork.Write(session =>
            {
                var collection = session.Collection<T>(name);
                foreach (var index in indexes)
                {
                    collection.EnsureIndex(index);
                }

                return indexes.Length;
            });
        }

        return new LiteDbRecords<T>(unitOfWork, name);
    }
}

/// <summary>One set of records: reads of committed data, each write one unit of the group commit.</summary>
public sealed class LiteDbRecords<T>(LiteDbUnitOfWork unitOfWork, string name) : IRecords<T> where T : class
{
    private readonly ILiteCollection<T> _reads = unitOfWork.Database.GetCollection<T>(name);

    public string Name => name;

    public T? Find(object id) => _reads.FindById(new BsonValue(id));

    public IReadOnlyList<T> Find(Expression<Func<T, bool>> predicate, int limit = int.MaxValue) => _reads.Find(predicate, 0, limit).ToList();

    public IReadOnlyList<T> Last(Expression<Func<T, bool>> predicate, int count) =>
        [.. _reads.Query().Where(predicate).OrderByDescending("_id").Limit(count).ToList().AsEnumerable().Reverse()];

    public void Insert(T record) => unitOfWork.Write(session => session.Collection<T>(name).Insert(record));

    public bool Upsert(T record) => unitOfWork.Write(session => session.Collection<T>(name).Upsert(record));

    public bool Delete(object id) => unitOfWork.Write(session => session.Collection<T>(name).Delete(new BsonValue(id)));

    public TResult Change<TResult>(Func<IRecordWriter<T>, TResult> work) => unitOfWork.Write(session => work(session.Records<T>(name)));
}

/// <summary>A set of records written inside one unit of work.</summary>
internal sealed class LiteDbRecordWriter<T>(ILiteCollection<T> collection) : IRecordWriter<T> where T : class
{
    public T? Find(object id) => collection.FindById(new BsonValue(id));

    public IReadOnlyList<T> Find(Expression<Func<T, bool>> predicate) => collection.Find(predicate).ToList();

    public bool Upsert(T record) => collection.Upsert(record);

    public int Upsert(IEnumerable<T> records) => collection.Upsert(records);

    public int DeleteMany(Expression<Func<T, bool>> predicate) => collection.DeleteMany(predicate);
}
