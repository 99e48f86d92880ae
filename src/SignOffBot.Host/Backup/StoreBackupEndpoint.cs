using System.Diagnostics;
using System.Globalization;
using SignOffBot.Host.Api;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Backup;

/// <summary>
/// <c>POST /api/v1/store/backup</c> (scope <c>store:backup</c>, a key without <c>Projects</c>: the copy holds every
/// project): a consistent copy of the running store's file, as <c>application/octet-stream</c>, taken without stopping
/// the host (writes wait while the file is copied, see <see cref="LiteDbBackup"/>). <c>backup</c> calls it.
/// </summary>
public static partial class StoreBackupEndpoint
{
    public const string Path = "/api/v1/store/backup";

    public static IEndpointRouteBuilder MapStoreBackup(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, Backup).RequireApiKey(ApiScopes.StoreBackup, everyProject: "a backup of the whole store");
        return app;
    }

    private static IResult Backup(IServiceProvider services, TimeProvider time, ILoggerFactory logs)
    {
        if (services.EmbeddedStore() is not { } storage)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "No store file to back up",
                "The store is a PostgreSQL database (Storage:Provider): back it up with the database's own tools, such as pg_dump.");
        }

        var log = logs.CreateLogger(typeof(StoreBackupEndpoint));
        var folder = System.IO.Path.GetDirectoryName(storage.FilePath)!;
        var copy = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(storage.FilePath)}.backup-{Guid.NewGuid():N}.tmp");
        var started = Stopwatch.GetTimestamp();
        FileStream file;
        try
        {
            LiteDbBackup.Write(storage, copy);
            // Deleted once sent (or when the client goes away): the copy is the client's, not the host's.
            file = new FileStream(copy, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose | FileOptions.SequentialScan);
        }
        catch (Exception e)
        {
            File.Delete(copy);
            LogBackupFailed(log, e);
            return Problems.Status(StatusCodes.Status500InternalServerError, "Backup failed",
                $"The store could not be copied ({e.GetType().Name}); the host's log says why. Nothing was changed.");
        }

        LogBackupTaken(log, file.Length, Stopwatch.GetElapsedTime(started));
        var name = $"signoff-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.db";
        return TypedResults.File(file, "application/octet-stream", name);
    }

    [LoggerMessage(EventId = 8200, Level = LogLevel.Information, Message = "Store backup taken: {Bytes} bytes copied in {Elapsed}")]
    private static partial void LogBackupTaken(ILogger log, long bytes, TimeSpan elapsed);

    [LoggerMessage(EventId = 8201, Level = LogLevel.Error, Message = "Store backup failed")]
    private static partial void LogBackupFailed(ILogger log, Exception error);
}
