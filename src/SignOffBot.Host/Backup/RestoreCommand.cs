using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Backup;

/// <summary>
/// <c>signoffbot restore &lt;backup file&gt; [--host &lt;url&gt;] [--config &lt;file&gt;]</c>: puts a backup in place
/// of the store (<c>Storage:LiteDb:Path</c>). Refused while the host runs (the store file is open, or a host answers
/// at the URL) and for a backup that does not verify (it does not open, or its audit chain is broken). The store it
/// replaces is kept as <c>&lt;file&gt;.before-restore-&lt;UTC time&gt;</c>. Exit codes: 0 restored, 1 refused or failed,
/// 2 bad arguments.
/// </summary>
public static class RestoreCommand
{
    public const string Synopsis = "signoffbot restore <backup file> [--host <url>] [--config <file>]";

    public const string Usage = "Usage: " + Synopsis + "   "
        + "(with the host stopped; the current store is kept as <file>.before-restore-<time>)";

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error, CommandEnvironment.Process).GetAwaiter().GetResult();

    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CommandEnvironment environment)
    {
        if (BackupArguments.Parse(args, out var problem) is not { } arguments)
        {
            error.WriteLine(problem);
            error.WriteLine(Usage);
            return 2;
        }

        var backup = arguments.File;
        var store = arguments.StorePath;
        if (!File.Exists(backup))
        {
            error.WriteLine($"Refused: there is no backup file at {backup}.");
            return 1;
        }

        if (string.Equals(backup, store, StringComparison.Ordinal))
        {
            error.WriteLine($"Refused: {backup} is the store itself (Storage:LiteDb:Path); restore a copy of it.");
            return 1;
        }

        if (LiteDbBackup.IsInUse(store))
        {
            error.WriteLine($"Refused: the store file {store} is in use (a running host?). Stop the host, then restore.");
            return 1;
        }

        if (await HostAnswersAsync(arguments.Host, environment))
        {
            error.WriteLine($"Refused: a host answers at {arguments.Host}. Stop it, then restore (or give the right one with --host).");
            return 1;
        }

        if (BackupCheck.Report(backup, error) is not { } check)
        {
            error.WriteLine($"Refused: {backup} is not restored; the store at {store} is unchanged.");
            return 1;
        }

        string? kept;
        try
        {
            kept = LiteDbBackup.Restore(backup, store, environment.Time.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"Refused: {backup} could not be put in place of {store}: {e.Message}");
            return 1;
        }

        output.WriteLine($"Restored {backup} ({BackupCheck.Summary(check)}) into {store}. "
            + (kept is null ? "There was no store there before." : $"The store it replaced is kept as {kept}."));
        return 0;
    }

    /// <summary>Whether anything answers HTTP at the host's liveness URL (any status: a host is there).</summary>
    private static async Task<bool> HostAnswersAsync(Uri host, CommandEnvironment environment)
    {
        using var client = environment.Client(host);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            using var response = await client.GetAsync(BackupCheck.Endpoint(host, "/healthz/live"), timeout.Token);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
