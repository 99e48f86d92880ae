using System.Net;
using LiteDB;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.Backup.BackupKit;

namespace SignOffBot.Host.Tests.Backup;

/// <summary><c>backup</c> of a stopped store and <c>restore</c>: the data comes back, the replaced store is kept, a forged copy is refused.</summary>
public sealed class RestoreTests
{
    private const string Kept = ".before-restore-20261123T093000Z";

    [Fact]
    public async Task Restore_IntoAStoppedStore_PutsTheBackupsDataBack_AndKeepsTheStoreItReplaced()
    {
        var (databasePath, config) = await StoppedStoreWithAsync("churn-xgb", "7");
        var backup = Path.Combine(TempFolder.Create(), "signoff-backup.db");
        var taken = await BackupAsync([backup, "--host", NoHost(), "--config", config]);
        Assert.True(taken.ExitCode == 0, taken.ToString());
        Assert.Contains($"(offline, from {databasePath}): 1 items, 1 audit events, audit chain ok.", taken.Output, StringComparison.Ordinal);

        // Later work, which the restore is to undo.
        await using (var later = new HostFixture(databasePath))
        {
            await ApiJson.RegisterAsync(later.CreateClient(HostFixture.AllScopesKey), "fraud-detection", "churn-xgb", "8", "ana@example.com");
        }

        await DatabaseFiles.WaitUntilClosedAsync(databasePath);
        var run = await RestoreAsync([backup, "--host", NoHost(), "--config", config]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"Restored {backup} (1 items, 1 audit events, audit chain ok) into {databasePath}. The store it replaced is kept as {databasePath + Kept}.",
            run.Output.TrimEnd());
        Assert.Equal("", run.Error);
        Assert.False(File.Exists(DurableLiteDatabase.LogPathOf(databasePath)), "no log file is left beside the restored store");
        Assert.Equal(2, LiteDbBackup.Check(databasePath + Kept).Items);

        await using var restored = new HostFixture(databasePath);
        var client = restored.CreateClient(HostFixture.AllScopesKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/items/fraud-detection/churn-xgb@7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/items/fraud-detection/churn-xgb@8")).StatusCode);
        Assert.Equal("""{"ok":true,"events":1}""", await (await client.GetAsync("/api/v1/audit/verify")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Restore_OfABackupWhoseAuditChainWasForged_IsRefusedWithExit1_AndChangesNothing()
    {
        var (databasePath, config) = await StoppedStoreWithAsync("churn-xgb", "7", "8");
        var backup = Path.Combine(TempFolder.Create(), "signoff-backup.db");
        Assert.Equal(0, (await BackupAsync([backup, "--host", NoHost(), "--config", config])).ExitCode);
        using (var raw = new LiteDatabase(new ConnectionString { Filename = backup, Connection = ConnectionType.Direct }))
        {
            var audit = raw.GetCollection(LiteDbSetup.Audit);
            var doc = audit.FindById(new BsonValue(2L));
            doc["Actor"] = "mallory@example.com";
            Assert.True(audit.Update(doc));
        }

        var before = await File.ReadAllBytesAsync(databasePath);
        var run = await RestoreAsync([backup, "--host", NoHost(), "--config", config]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("its audit chain is broken at event 2", run.Error, StringComparison.Ordinal);
        Assert.Contains($"the store at {databasePath} is unchanged", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
        Assert.Equal(before, await File.ReadAllBytesAsync(databasePath));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(databasePath)!, "*before-restore*"));
    }

    [Fact]
    public async Task Restore_OfAFileThatIsNoStore_IsRefusedWithExit1()
    {
        var (databasePath, config) = await StoppedStoreWithAsync("churn-xgb", "7");
        var notAStore = Path.Combine(TempFolder.Create(), "notes.db");
        await File.WriteAllBytesAsync(notAStore, new byte[8192 * 2]);

        var run = await RestoreAsync([notAStore, "--host", NoHost(), "--config", config]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{notAStore} does not open as a store", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, LiteDbBackup.Check(databasePath).Items);
    }

    [Fact]
    public async Task Restore_WhileTheHostRuns_IsRefused_WhetherTheStoreIsOpenOrAHostAnswers()
    {
        var (databasePath, config) = await StoppedStoreWithAsync("churn-xgb", "7");
        var backup = Path.Combine(TempFolder.Create(), "signoff-backup.db");
        Assert.Equal(0, (await BackupAsync([backup, "--host", NoHost(), "--config", config])).ExitCode);

        await using (var running = new HostFixture(databasePath))
        {
            Assert.Equal(HttpStatusCode.OK, (await running.CreateClient().GetAsync("/healthz/live")).StatusCode);
            var open = await RestoreAsync([backup, "--host", NoHost(), "--config", config]);
            Assert.Equal(1, open.ExitCode);
            Assert.Contains($"Refused: the store file {databasePath} is in use", open.Error, StringComparison.Ordinal);

            // Offline, a backup is refused the same way: the file is the running host's.
            var copy = await BackupAsync([Path.Combine(TempFolder.Create(), "x.db"), "--host", NoHost(), "--config", config]);
            Assert.Equal(1, copy.ExitCode);
            Assert.Contains("is in use (a running host?), and SIGNOFFBOT_API_KEY is not set", copy.Error, StringComparison.Ordinal);
        }

        await DatabaseFiles.WaitUntilClosedAsync(databasePath);

        // The store is free, but a host answers at the URL (one over another store): refused too.
        await using var elsewhere = new HostFixture();
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.CreateClient().GetAsync("/healthz/live")).StatusCode);
        var answering = await RestoreAsync([backup, "--host", "http://localhost", "--config", config], elsewhere.Server.CreateHandler());
        Assert.Equal(1, answering.ExitCode);
        Assert.Contains("Refused: a host answers at http://localhost/", answering.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(databasePath)!, "*before-restore*"));
    }

    /// <summary>A store with items fraud-detection/<paramref name="name"/>@each version, written by a host that is then stopped.</summary>
    private static async Task<(string DatabasePath, string Config)> StoppedStoreWithAsync(string name, params string[] versions)
    {
        string databasePath;
        await using (var app = new HostFixture())
        {
            databasePath = app.DatabasePath;
            foreach (var version in versions)
            {
                await ApiJson.RegisterAsync(app.CreateClient(HostFixture.AllScopesKey), "fraud-detection", name, version, "ana@example.com");
            }
        }

        await DatabaseFiles.WaitUntilClosedAsync(databasePath);
        return (databasePath, ConfigFor(databasePath));
    }
}
