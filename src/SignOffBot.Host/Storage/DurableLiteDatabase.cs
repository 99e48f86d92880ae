using System.Reflection;
using LiteDB;

namespace SignOffBot.Host.Storage;

/// <summary>
/// A LiteDB database over two files the store opens itself (the data file and its <c>-log</c> file, the same names and
/// format LiteDB uses), so that the store decides when the disk is flushed:
/// <list type="bullet">
/// <item>LiteDB 5.0's log writer flushes the log to the disk (fsync) every time its queue runs empty, and a commit
/// wakes it once per page, so one commit of many pages cost as many fsyncs. Here the log is written through to the
/// operating system (which is all a process crash needs) and flushed once per commit by <see cref="SyncCommits"/>: a
/// commit is durable once its pages are on the disk in the log, as in any write-ahead log (LiteDB folds confirmed
/// transactions of the log back in when it opens the file after a crash);</item>
/// <item>a checkpoint (LiteDB's own, once the log passes its <c>CHECKPOINT</c> pragma, or <see cref="LiteDatabase.Checkpoint"/>)
/// flushes the log before it starts overwriting the data file with it (write-ahead), and flushes the data file before
/// it cuts the log back, so the pages the log held are never only in the operating system's cache.</item>
/// </list>
/// Not checkpointing on every commit matters: a checkpoint rewrites every page of the log into the data file and
/// empties LiteDB's page cache, so every read after it went back to the file.
/// </summary>
public sealed class DurableLiteDatabase : LiteDatabase
{
    private readonly PageFile _data;
    private readonly PageFile _log;
    private readonly string _logPath;
    private readonly Action _waitForLogWriter;

    private DurableLiteDatabase(PageFile data, PageFile log, string logPath, BsonMapper mapper)
        : base(data, mapper, log)
    {
        _data = data;
        _log = log;
        _logPath = logPath;
        _waitForLogWriter = LogWriterWait(this);
    }

    /// <param name="exclusive">
    /// No other process (nor handle) may open the files meanwhile, and the open fails with an <see cref="IOException"/>
    /// when another has them open (a running host); otherwise others may read them.
    /// </param>
    public static DurableLiteDatabase Open(string fullPath, BsonMapper mapper, bool exclusive = false)
    {
        var logPath = LogPathOf(fullPath);
        var share = exclusive ? FileShare.None : FileShare.Read;
        var log = new PageFile(OpenFile(logPath, share), null);
        PageFile? data = null;
        try
        {
            data = new PageFile(OpenFile(fullPath, share), log);
            log.CheckpointTarget = data;
            return new DurableLiteDatabase(data, log, logPath, mapper);
        }
        catch
        {
            data?.Dispose();
            log.Dispose();
            throw;
        }
    }

    /// <summary>The log file LiteDB keeps next to the data file at <paramref name="fullPath"/> (<c>x.db</c>: <c>x-log.db</c>).</summary>
    public static string LogPathOf(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath) ?? "", Path.GetFileNameWithoutExtension(fullPath) + "-log" + Path.GetExtension(fullPath));

    /// <summary>Flushes the data file to the disk (fsync).</summary>
    public void SyncData() => _data.Sync();

    /// <summary>
    /// Returns once everything committed so far is on the disk: waits until LiteDB's log writer has written the
    /// committed pages to the log (a commit only queues them), then flushes the log (fsync).
    /// </summary>
    public void SyncCommits()
    {
        _waitForLogWriter();
        _log.Sync();
    }

    /// <summary>
    /// LiteDB 5.0's <c>DiskWriterQueue.Wait</c> of this database's engine: the one way to know that a commit's pages have
    /// left its writer thread. Internal to LiteDB, so found by reflection once (LiteDB's version is pinned); a LiteDB
    /// without it fails the open, never a commit later.
    /// </summary>
    private static Action LogWriterWait(LiteDatabase db)
    {
        const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var engine = typeof(LiteDatabase).GetField("_engine", Members)?.GetValue(db);
        var disk = engine?.GetType().GetField("_disk", Members)?.GetValue(engine);
        var lazyQueue = disk?.GetType().GetProperty("Queue", Members)?.GetValue(disk);
        var queue = lazyQueue?.GetType().GetProperty("Value")?.GetValue(lazyQueue);
        var wait = queue?.GetType().GetMethod("Wait", Members, Type.EmptyTypes);
        return wait is null
            ? throw new InvalidOperationException("This LiteDB has no log writer queue to wait for (LiteDB 5.0.20's DiskWriterQueue.Wait); the store cannot make its commits durable.")
            : (Action)Delegate.CreateDelegate(typeof(Action), queue, wait);
    }

    /// <summary>
    /// Copies the data file as it is now to <paramref name="destination"/>, through the database's own handle (LiteDB's
    /// page reads and writes wait meanwhile). It is the whole store only after a checkpoint with no write in between
    /// (see <see cref="LiteDbUnitOfWork.WhileQuiet"/>).
    /// </summary>
    public void CopyDataTo(Stream destination) => _data.CopyAllTo(destination);

    protected override void Dispose(bool disposing)
    {
        // LiteDB checkpoints on close but leaves streams it was given open; they are flushed and closed here.
        base.Dispose(disposing);
        if (disposing)
        {
            _data.Dispose();
            _log.Dispose();
            if (File.Exists(_logPath) && new FileInfo(_logPath).Length == 0)
            {
                // As LiteDB does with its own files: a closed database has no log file.
                File.Delete(_logPath);
            }
        }
    }

    // Unbuffered: every page LiteDB writes reaches the operating system at once.
    private static FileStream OpenFile(string path, FileShare share) =>
        new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, share, bufferSize: 0, FileOptions.RandomAccess);

    /// <summary>
    /// One file as LiteDB sees it. Not a <see cref="FileStream"/>, so LiteDB's own flushes stay in the operating system;
    /// LiteDB serialises access by locking on this object, and so does <see cref="Sync"/>.
    /// </summary>
    private sealed class PageFile(FileStream file, PageFile? writeAheadLog) : Stream
    {
        private volatile bool _unsynced;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => true;

        public override long Length => file.Length;

        public override long Position
        {
            get => file.Position;
            set => file.Position = value;
        }

        /// <summary>Flushes the file to the disk, unless nothing was written to it since the last time.</summary>
        public void Sync()
        {
            lock (this)
            {
                if (_unsynced)
                {
                    // Cleared first: a write that lands during the flush sets it again for the next one.
                    _unsynced = false;
                    file.Flush(flushToDisk: true);
                }
            }
        }

        /// <summary>Copies the whole file to <paramref name="destination"/>, LiteDB's reads and writes waiting meanwhile.</summary>
        public void CopyAllTo(Stream destination)
        {
            lock (this)
            {
                var position = file.Position;
                try
                {
                    file.Position = 0;
                    var buffer = new byte[1 << 20];
                    var left = file.Length;
                    while (left > 0)
                    {
                        var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                        if (read == 0)
                        {
                            throw new EndOfStreamException("The store's data file ended before its length while being copied.");
                        }

                        destination.Write(buffer, 0, read);
                        left -= read;
                    }
                }
                finally
                {
                    file.Position = position;
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (writeAheadLog is { _unsynced: true } log)
            {
                log.Sync();
            }

            file.Write(buffer, offset, count);
            _unsynced = true;
        }

        public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

        /// <summary>
        /// The data file a checkpoint copies this log into: before the log is cut back (the end of a checkpoint), the
        /// data file is flushed to the disk, so the pages the log held are never only in the operating system's cache.
        /// </summary>
        public PageFile? CheckpointTarget { get; set; }

        public override void SetLength(long value)
        {
            if (value < file.Length)
            {
                CheckpointTarget?.Sync();
            }

            file.SetLength(value);
            _unsynced = true;
        }

        public override void Flush() => file.Flush(flushToDisk: false);

        protected override void Dispose(bool disposing)
        {
            if (disposing && !file.SafeFileHandle.IsClosed)
            {
                file.Flush(flushToDisk: true);
                file.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
