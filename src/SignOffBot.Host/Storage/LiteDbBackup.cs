using System.Globalization;
using LiteDB;
using SignOffBot.Core.Audit;
using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Storage;

/// <summary>
/// Backups of the embedded store: a consistent copy of its data file, from the running host (the writer held while the
/// file is copied, see <see cref="LiteDbUnitOfWork.WhileQuiet"/>) or from a stopped store; the check of a copy (it
/// opens, its audit chain holds); and the restore of a copy in place of a stopped store, keeping the file it replaces.
/// Copies are written to a temporary file next to their target, flushed to the disk, then renamed into place, so a
/// target never holds half a copy.
/// </summary>
public static class LiteDbBackup
{
    /// <summary>LiteDB's page size: a store file's length is a whole number of pages.</summary>
    private const int PageSize = 8192;

    /// <summary>Writes a consistent copy of the open <paramref name="storage"/> to <paramref name="target"/> (replaced if it exists).</summary>
    public static void Write(LiteDbStorage storage, string target)
    {
        var full = Path.GetFullPath(target);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = TempNextTo(full);
        try
        {
            using (var copy = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                storage.UnitOfWork.WhileQuiet(db => db.CopyDataTo(copy));
                copy.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Writes a copy of the stopped store at <paramref name="storePath"/> to <paramref name="target"/>: the store is
    /// opened for this process alone (an <see cref="IOException"/> when a host has it open) and checkpointed first.
    /// </summary>
    public static void WriteOffline(string storePath, string target)
    {
        using var storage = LiteDbStorage.OpenExclusive(storePath);
        Write(storage, target);
    }

    /// <summary>Whether another process (a running host) has the store at <paramref name="storePath"/> open.</summary>
    public static bool IsInUse(string storePath)
    {
        var full = Path.GetFullPath(storePath);
        return new[] { full, DurableLiteDatabase.LogPathOf(full) }.Any(path => File.Exists(path) && !CanOpenAlone(path));
    }

    /// <summary>
    /// Opens the store file <paramref name="file"/> read-only and checks it: its items, and its audit trail's hash chain.
    /// Nothing is written to it.
    /// </summary>
    /// <exception cref="InvalidDataException">It is not a store file.</exception>
    public static StoreCheck Check(string file)
    {
        var full = Path.GetFullPath(file);
        var length = new FileInfo(full).Length;
        if (length == 0 || length % PageSize != 0)
        {
            // LiteDB would cut such a file down to whole pages, even when opened read-only.
            throw new InvalidDataException($"{full} is not a store file: its length ({length} bytes) is not a whole number of {PageSize}-byte pages.");
        }

        LiteDbUnitOfWork unitOfWork;
        try
        {
            var db = new LiteDatabase(new ConnectionString { Filename = full, Connection = ConnectionType.Direct, ReadOnly = true }, LiteDbSetup.CreateMapper())
            {
                UtcDate = true,
            };
            unitOfWork = new LiteDbUnitOfWork(db, new OutboxSignal());
        }
        catch (LiteException e)
        {
            throw new InvalidDataException($"{full} is not a store file: {e.Message}", e);
        }

        using (unitOfWork)
        {
            try
            {
                var items = unitOfWork.Database.GetCollection(LiteDbSetup.Items).LongCount();
                return new StoreCheck(items, AuditChain.Verify(new LiteDbAuditLog(unitOfWork).Trail()));
            }
            catch (LiteException e)
            {
                throw new InvalidDataException($"{full} cannot be read as a store: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// Puts the copy <paramref name="backup"/> in place of the stopped store at <paramref name="storePath"/>. The store it
    /// replaces is checkpointed (so it is whole in one file) and kept as <c>&lt;file&gt;.before-restore-&lt;UTC time&gt;</c>;
    /// returns that path, or null when there was no store. An <see cref="IOException"/> when a host has the store open.
    /// </summary>
    public static string? Restore(string backup, string storePath, DateTimeOffset now)
    {
        var store = Path.GetFullPath(storePath);
        var log = DurableLiteDatabase.LogPathOf(store);
        var suffix = ".before-restore-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Path.GetDirectoryName(store)!);
        var temp = TempNextTo(store);
        try
        {
            using (var source = new FileStream(backup, FileMode.Open, FileAccess.Read, FileShare.Read))
            using (var copy = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                source.CopyTo(copy);
                copy.Flush(flushToDisk: true);
            }

            string? kept = null;
            if (File.Exists(store))
            {
                Checkpoint(store);
                kept = store + suffix;
                File.Move(store, kept);
            }

            if (File.Exists(log))
            {
                // A log the checkpoint could not fold in stays with the file it belongs to; it must never meet the restored one.
                File.Move(log, log + suffix);
            }

            File.Move(temp, store);
            return kept;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Folds the store's log into its data file, opened for this process alone; a store LiteDB cannot open is left as it is.</summary>
    private static void Checkpoint(string store)
    {
        try
        {
            using var db = DurableLiteDatabase.Open(store, LiteDbSetup.CreateMapper(), exclusive: true);
            db.Checkpoint();
        }
        catch (LiteException)
        {
            // A damaged store (perhaps why it is restored): kept as it is, with its log beside it.
        }
    }

    private static bool CanOpenAlone(string path)
    {
        try
        {
            using var alone = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (FileNotFoundException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string TempNextTo(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
}

/// <summary>What a store file holds: how many items, and whether its audit trail's hash chain holds (and its length).</summary>
public sealed record StoreCheck(long Items, AuditVerification Audit);
