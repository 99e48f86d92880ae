using System.Diagnostics;
using System.Globalization;
using LiteDB;
using Npgsql;
using SignOffBot.Core.Audit;
using SignOffBot.Host.Backup;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Storage.Copy;
using SignOffBot.Host.Storage.Postgres;

namespace SignOffBot.Host.StoreCopy;

/// <summary>
/// <c>signoffbot store copy --from litedb:&lt;store file&gt; --to postgres:&lt;connection string&gt;</c>: moves a store up
/// from the embedded file to PostgreSQL. The file must be a stopped store whose audit chain verifies; the database is
/// brought to the current schema (<see cref="PostgresMigrations"/>) and must hold no store yet. Everything is copied in
/// one transaction (<see cref="LiteDbToPostgres"/>), then the chain is verified in PostgreSQL as
/// <c>/api/v1/audit/verify</c> does. Exit codes: 0 copied and verified, 1 refused or failed (nothing written, unless
/// the final verification failed, which says so), 2 bad arguments.
/// </summary>
public static class StoreCopyCommand
{
    public const string Synopsis = "signoffbot store copy --from litedb:<store file> --to postgres:<connection string>";

    public const string Usage = "Usage: " + Synopsis + "   "
        + "(with the host stopped; into an empty database; the password from PGPASSWORD or ~/.pgpass rather than the command line)";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (StoreCopyArguments.Parse(args, out var problem) is not { } arguments)
        {
            error.WriteLine(problem);
            error.WriteLine(Usage);
            return 2;
        }

        var source = arguments.SourcePath;
        var target = arguments.Target;
        if (!File.Exists(source))
        {
            error.WriteLine($"Refused: there is no store file at {source}. Nothing was written to {target}.");
            return 1;
        }

        if (LiteDbBackup.IsInUse(source))
        {
            error.WriteLine($"Refused: the store file {source} is in use (a running host?). Stop the host, then copy. Nothing was written to {target}.");
            return 1;
        }

        if (BackupCheck.Report(source, error) is null)
        {
            error.WriteLine($"Refused: {source} is not copied. Nothing was written to {target}.");
            return 1;
        }

        PostgresStorage database;
        try
        {
            database = PostgresStorage.Open(arguments.ConnectionString);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            error.WriteLine($"Refused: the PostgreSQL database {target} cannot be opened and brought to the current schema: {arguments.Redacted(e.Message)}");
            return 1;
        }

        using (database)
        {
            var started = Stopwatch.GetTimestamp();
            if (Copy(arguments, database, error) is not { } report)
            {
                return 1;
            }

            output.WriteLine($"Copied {source} into PostgreSQL {target} in {Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s:");
            foreach (var line in Summary(report))
            {
                output.WriteLine($"  {line}");
            }

            // As GET /api/v1/audit/verify does, on what is now committed.
            var verified = AuditChain.Verify(database.Audit.Trail());
            if (!verified.Ok)
            {
                error.WriteLine($"The copy is in {target}, but its audit chain does not verify there: broken at event {verified.BrokenAt}. "
                    + "Do not run hosts on it; empty the database and copy again.");
                return 1;
            }

            output.WriteLine($"Audit chain verified in PostgreSQL: {verified.Events} events, head {report.AuditHead ?? "(none: the trail is empty)"}.");
            return 0;
        }
    }

    /// <summary>Opens the file for this process alone and copies it; null (said why) when refused or failed.</summary>
    private static CopyReport? Copy(StoreCopyArguments arguments, PostgresStorage database, TextWriter error)
    {
        var nothing = $"Nothing was written to {arguments.Target}.";
        try
        {
            using var file = LiteDbStorage.OpenExclusive(arguments.SourcePath);
            return LiteDbToPostgres.Copy(file, database, PlatformRecordSets.All);
        }
        catch (StoreCopyRefusedException e)
        {
            error.WriteLine($"Refused: {e.Message} {nothing}");
        }
        catch (IOException)
        {
            error.WriteLine($"Refused: the store file {arguments.SourcePath} is in use (a running host?). Stop the host, then copy. {nothing}");
        }
        catch (LiteException e)
        {
            error.WriteLine($"Refused: {arguments.SourcePath} cannot be read as a store: {e.Message} {nothing}");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            error.WriteLine($"The copy into {arguments.Target} failed and was rolled back: {arguments.Redacted(e.Message)} {nothing}");
        }

        return null;
    }

    private static IEnumerable<string> Summary(CopyReport report)
    {
        static string ByKind(IReadOnlyDictionary<string, long> rows) => rows.Values.Sum() + (rows.Count == 0 ? ""
            : $" ({string.Join(", ", rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"))})");

        yield return $"items: {report.Items}";
        yield return $"audit events: {report.AuditEvents}";
        yield return $"delivery ids: {report.DeliveryIds}";
        yield return $"bypasses: {report.Bypasses}";
        yield return $"confirmations: {report.Confirmations}";
        yield return $"outbox notices: {ByKind(report.Notices)}";
        yield return $"outbox deliveries: {ByKind(report.Deliveries)}";
        yield return $"reminder targets: {report.Reminders}";
        yield return $"platform records: {ByKind(report.Records)}";
    }
}
