using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SignOffBot.Host.Api;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Backup;

/// <summary>
/// <c>signoffbot backup &lt;file&gt; [--host &lt;url&gt;] [--config &lt;file&gt;]</c>: a consistent copy of the store.
/// With <c>SIGNOFFBOT_API_KEY</c> set, the running host is asked for it (<see cref="StoreBackupEndpoint"/>: taken while
/// it runs); when no host answers and no process has the store file open, the file is copied directly. Either way the
/// copy is then opened and its audit chain verified. Exit codes: 0 written and verified, 1 not written or not verified,
/// 2 bad arguments.
/// </summary>
public static class BackupCommand
{
    public const string Synopsis = "signoffbot backup <file> [--host <url>] [--config <file>]";

    public const string Usage = "Usage: " + Synopsis + "   "
        + "(the running host is asked with the API key in " + CommandEnvironment.ApiKeyVariable + ", scope store:backup; "
        + "with no host answering, a stopped store is copied directly)";

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

        string from;
        var key = environment.ApiKey;
        var online = key is null ? Online.NoHost : await FromHostAsync(arguments, key, environment, error);
        if (online == Online.Refused)
        {
            return 1;
        }

        if (online == Online.Written)
        {
            from = $"online, from the host at {arguments.Host}";
        }
        else if (Offline(arguments, key is null, error))
        {
            from = $"offline, from {arguments.StorePath}";
        }
        else
        {
            return 1;
        }

        if (BackupCheck.Report(arguments.File, error) is not { } check)
        {
            return 1;
        }

        output.WriteLine($"Backup written to {arguments.File} ({from}): {BackupCheck.Summary(check)}.");
        return 0;
    }

    private enum Online
    {
        Written,
        NoHost,
        Refused,
    }

    /// <summary>Asks the host for a copy and writes it to the file; <see cref="Online.NoHost"/> when nothing answers there.</summary>
    private static async Task<Online> FromHostAsync(BackupArguments arguments, string key, CommandEnvironment environment, TextWriter error)
    {
        using var client = environment.Client(arguments.Host);
        using var request = new HttpRequestMessage(HttpMethod.Post, BackupCheck.Endpoint(arguments.Host, StoreBackupEndpoint.Path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return Online.NoHost;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                error.WriteLine($"The host at {arguments.Host} refused the backup: {(int)response.StatusCode} {await DetailAsync(response)}");
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    error.WriteLine($"{CommandEnvironment.ApiKeyVariable} must hold a key with the scope {ApiScopes.StoreBackup} and no Projects (make one with 'SignOffBot.Host keys new backup {ApiScopes.StoreBackup}').");
                }

                return Online.Refused;
            }

            try
            {
                await using var body = await response.Content.ReadAsStreamAsync();
                await BackupCheck.WriteFileAsync(arguments.File, body);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or UnauthorizedAccessException)
            {
                error.WriteLine($"The copy from the host at {arguments.Host} could not be written to {arguments.File}: {e.Message}");
                return Online.Refused;
            }

            return Online.Written;
        }
    }

    /// <summary>Copies the stopped store directly; false (said why) when it cannot.</summary>
    private static bool Offline(BackupArguments arguments, bool noKey, TextWriter error)
    {
        var why = noKey
            ? $"{CommandEnvironment.ApiKeyVariable} is not set, so no host was asked"
            : $"no host answered at {arguments.Host}";
        if (!File.Exists(arguments.StorePath))
        {
            error.WriteLine($"No backup: {why}, and there is no store file at {arguments.StorePath} (Storage:LiteDb:Path) to copy.");
            return false;
        }

        if (LiteDbBackup.IsInUse(arguments.StorePath))
        {
            error.WriteLine($"No backup: the store file {arguments.StorePath} is in use (a running host?), and {why}. "
                + $"Set {CommandEnvironment.ApiKeyVariable} to a key with the scope {ApiScopes.StoreBackup}, and --host to the host's URL.");
            return false;
        }

        try
        {
            LiteDbBackup.WriteOffline(arguments.StorePath, arguments.File);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"No backup: the store at {arguments.StorePath} could not be copied to {arguments.File} ({why}): {e.Message}");
            return false;
        }
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            if (JsonNode.Parse(body) is JsonObject problem && (string?)problem["detail"] is { Length: > 0 } detail)
            {
                return detail;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not problem details: the status says enough.
        }

        return response.ReasonPhrase ?? "";
    }
}
