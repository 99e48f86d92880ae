using SignOffBot.Host.Backup;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.Backup.BackupKit;

namespace SignOffBot.Host.Tests.Backup;

/// <summary>The arguments and refusals of <c>backup</c> and <c>restore</c>.</summary>
public sealed class BackupCommandTests
{
    [Theory]
    [InlineData("backup")]
    [InlineData("backup", "a.db", "b.db")]
    [InlineData("backup", "a.db", "--host")]
    [InlineData("backup", "a.db", "--verbose")]
    [InlineData("restore")]
    [InlineData("restore", "a.db", "--host", "ftp://example.com")]
    public async Task BadArguments_AreExit2_WithTheUsage(params string[] args)
    {
        var run = args[0] == "backup" ? await BackupAsync(args[1..]) : await RestoreAsync(args[1..]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(args[0] == "backup" ? BackupCommand.Usage : RestoreCommand.Usage, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyOnTheCommandLine_IsRefused_PointingAtTheEnvironmentVariable()
    {
        var run = await BackupAsync(["a.db", "--key", "sob_secret"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("never taken from the command line", run.Error, StringComparison.Ordinal);
        Assert.Contains(CommandEnvironment.ApiKeyVariable, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("sob_secret", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_WithAKeyTheHostRefuses_IsExit1_SayingWhichScopeIsNeeded()
    {
        await using var app = new HostFixture();
        AddBackupKeys(app);
        var file = Path.Combine(TempFolder.Create(), "b.db");

        var run = await BackupAsync([file, "--host", "http://localhost", "--config", ConfigFor(app.DatabasePath)], HostFixture.AllScopesKey, app.Server.CreateHandler());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("The host at http://localhost/ refused the backup: 403 The key 'ci-all' lacks the scope 'store:backup'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(HostFixture.AllScopesKey, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Backup_WithNoHostAndNoStoreFile_IsExit1_NamingTheStorePath()
    {
        var missing = Path.Combine(TempFolder.Create(), "data", "signoff.db");

        var run = await BackupAsync([Path.Combine(TempFolder.Create(), "b.db"), "--host", NoHost(), "--config", ConfigFor(missing)], BackupKey);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"no host answered at http://127.0.0.1:", run.Error, StringComparison.Ordinal);
        Assert.Contains($"there is no store file at {missing} (Storage:LiteDb:Path)", run.Error, StringComparison.Ordinal);
    }
}
