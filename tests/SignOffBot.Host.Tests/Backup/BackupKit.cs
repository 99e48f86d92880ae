using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SignOffBot.Host.Backup;
using SignOffBot.Host.Tests.Api;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Backup;

/// <summary>Runs <c>backup</c> and <c>restore</c> as an operator would, against a store file and maybe a host.</summary>
internal static class BackupKit
{
    public const string BackupKey = "test-key-store-backup";
    public const string LimitedBackupKey = "test-key-store-backup-one-project";

    /// <summary>The clock of the commands (the kept store's name).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    /// <summary>Keys 3 and 4 of the test host: one with <c>store:backup</c>, one with it but limited to a project.</summary>
    public static void AddBackupKeys(HostFixture app)
    {
        ApiTestKit.AddKey(app, 3, "backup", BackupKey, ["store:backup"]);
        ApiTestKit.AddKey(app, 4, "backup-fraud", LimitedBackupKey, ["store:backup"], projects: ["fraud-detection"]);
    }

    /// <summary>Key 3 (<c>store:backup</c>) as settings, for fixtures that take settings.</summary>
    public static IReadOnlyDictionary<string, string?> BackupKeySettings() => new Dictionary<string, string?>
    {
        ["Api:Keys:3:Name"] = "backup",
        ["Api:Keys:3:Sha256"] = HostFixture.Sha256Hex(BackupKey),
        ["Api:Keys:3:Scopes:0"] = "store:backup",
    };

    /// <summary>A configuration file pointing <c>Storage:LiteDb:Path</c> at <paramref name="databasePath"/>.</summary>
    public static string ConfigFor(string databasePath)
    {
        var file = Path.Combine(TempFolder.Create(), "store.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new { Storage = new { LiteDb = new { Path = databasePath } } }));
        return file;
    }

    /// <summary>A URL where nothing listens.</summary>
    public static string NoHost() => $"http://127.0.0.1:{HostProcess.FreePort()}";

    public static Task<Run> BackupAsync(string[] args, string? apiKey = null, HttpMessageHandler? host = null) =>
        RunAsync((a, o, e, env) => BackupCommand.RunAsync(a, o, e, env), ["backup", .. args], apiKey, host);

    public static Task<Run> RestoreAsync(string[] args, HttpMessageHandler? host = null) =>
        RunAsync((a, o, e, env) => RestoreCommand.RunAsync(a, o, e, env), ["restore", .. args], null, host);

    private static async Task<Run> RunAsync(
        Func<string[], TextWriter, TextWriter, CommandEnvironment, Task<int>> command, string[] args, string? apiKey, HttpMessageHandler? host)
    {
        var environment = new CommandEnvironment(name => name == CommandEnvironment.ApiKeyVariable ? apiKey : null, host, new FakeTimeProvider(Now));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await command(args, output, error, environment);
        return new Run(exitCode, output.ToString(), error.ToString());
    }

    public sealed record Run(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
    }
}
