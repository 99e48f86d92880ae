using LiteDB;
using SignOffBot.Host.Storage.Postgres;

namespace SignOffBot.Host.Storage.Copy;

/// <summary>
/// One set of the adapters' records (<see cref="Core.Ports.IPlatformRecords"/>) as a store copy sees it: its name, and
/// how its records are read from the file (as their own type, through the store's mapper) and written as the
/// PostgreSQL store keeps them (its id as text, the record as JSON). The adapters own these types, so the list of sets
/// comes from the caller (<c>StoreCopy/PlatformRecordSets</c>).
/// </summary>
public sealed class RecordSet
{
    private RecordSet(string name, bool replaceable, Func<LiteDatabase, IEnumerable<CopiedRecord>> read)
    {
        Name = name;
        Replaceable = replaceable;
        Read = read;
    }

    public string Name { get; }

    /// <summary>
    /// A set any host writes merely by running (the readiness probe's one record): its rows in the target do not make
    /// the target a store already, and they are replaced by the file's.
    /// </summary>
    public bool Replaceable { get; }

    /// <summary>The set's records in the file, in the order of their ids (the order the embedded store lists them in).</summary>
    internal Func<LiteDatabase, IEnumerable<CopiedRecord>> Read { get; }

    public static RecordSet Of<T>(string name, bool replaceable = false) where T : class =>
        new(name, replaceable, db => db.GetCollection<T>(name).FindAll().Select(record =>
        {
            var id = RecordIds<T>.Of(record);
            return new CopiedRecord(RecordIds<T>.Text(id), id is long or int ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture) : null, StoreJson.Write(record));
        }));
}

/// <summary>A record ready for <c>platform_records</c>: its id as the PostgreSQL store keys it, its number when the id is one, its JSON.</summary>
internal sealed record CopiedRecord(string Id, long? Number, string Json);
