using LiteDB;
using Npgsql;
using SignOffBot.Host.Health;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Storage.Copy;
using SignOffBot.Host.Storage.Postgres;
using SignOffBot.Host.StoreCopy;
using SignOffBot.Host.Teams.Conversations;
using SignOffBot.Host.Tests.Commands;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.StoreCopy.StoreCopyKit;

namespace SignOffBot.Host.Tests.StoreCopy;

/// <summary>
/// <c>store copy</c> copies into an empty database only, from a stopped store whose audit chain verifies; anything else
/// is refused with exit code 1 and nothing written, and no message ever shows the connection string's password.
/// </summary>
public sealed class StoreCopyRefusalTests
{
    private const string Secret = "Hunter2-secret";

    [Fact]
    public void ADatabaseHoldingOnlyAReadinessProbe_IsCopiedInto_ButOneHoldingAStore_IsRefused_AndKeepsItsRows()
    {
        using var database = TestPostgres.CreateDatabase();
        using (var started = PostgresStorage.Open(database.ConnectionString))
        {
            // What a host started on the new database leaves there, once probed.
            started.Records.Set<HealthProbe>(StoreWriteCheck.ProbeSet).Upsert(new HealthProbe { WrittenAt = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc) });
        }

        var first = SmallStore();
        var copied = Copy(first, database);
        Assert.True(copied.ExitCode == 0, copied.ToString());
        var rows = TableRows(database);
        Assert.Equal(CollectionRows(first).Where(c => c.Value > 0).OrderBy(c => c.Key, StringComparer.Ordinal), rows.OrderBy(c => c.Key, StringComparer.Ordinal));

        var again = Copy(SmallStore(12), database);

        Assert.Equal(1, again.ExitCode);
        Assert.Equal("", again.Output);
        Assert.Contains($"Refused: the target database already holds a store (items: 30 rows, audit: {rows[LiteDbSetup.Audit]} rows, ", again.Error, StringComparison.Ordinal);
        Assert.Contains($"Nothing was written to {Target(database)}.", again.Error, StringComparison.Ordinal);
        Assert.Equal(rows, TableRows(database));
    }

    [Fact]
    public void AStoreFileInUse_IsRefused()
    {
        using var database = TestPostgres.CreateDatabase();
        var source = SmallStore();

        CommandRun run;
        using (LiteDbStorage.Open(source))
        {
            run = Copy(source, database);
        }

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Refused: the store file {source} is in use (a running host?). Stop the host, then copy.", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, AllRows(database));
    }

    [Fact]
    public void AStoreFileThatIsNotThere_IsRefused()
    {
        using var database = TestPostgres.CreateDatabase();
        var missing = Path.Combine(TempFolder.Create(), "signoff.db");

        var run = Copy(missing, database);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Refused: there is no store file at {missing}. Nothing was written to {Target(database)}.", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, AllRows(database));
    }

    [Fact]
    public void AStoreWhoseAuditChainIsBroken_IsRefused()
    {
        using var database = TestPostgres.CreateDatabase();
        var source = SmallStore();
        using (var raw = new LiteDatabase(new ConnectionString { Filename = source, Connection = ConnectionType.Direct }))
        {
            var audit = raw.GetCollection(LiteDbSetup.Audit);
            var doc = audit.FindById(new BsonValue(5L));
            doc["Actor"] = "someone-else@example.com";
            Assert.True(audit.Update(doc));
        }

        var run = Copy(source, database);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("its audit chain is broken at event 5", run.Error, StringComparison.Ordinal);
        Assert.Contains($"Refused: {source} is not copied. Nothing was written to {Target(database)}.", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, AllRows(database));
    }

    [Fact]
    public void AStoreHoldingACollectionTheCopyDoesNotKnow_IsRefused_NamingIt()
    {
        using var database = TestPostgres.CreateDatabase();
        var source = SmallStore();
        using (var raw = new LiteDatabase(new ConnectionString { Filename = source, Connection = ConnectionType.Direct }))
        {
            raw.GetCollection("quartz_triggers").Insert(new BsonDocument { ["_id"] = "reminders", ["next"] = 1 });
        }

        var run = Copy(source, database);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("holds collections this copy does not know (quartz_triggers)", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, AllRows(database));
    }

    [Fact]
    public void AFailureHalfwayThrough_LeavesTheDatabaseEmpty()
    {
        using var database = TestPostgres.CreateDatabase();
        var source = SmallStore();
        using var target = PostgresStorage.Open(database.ConnectionString);
        using var file = LiteDbStorage.OpenExclusive(source);
        // The Teams card copies read as a type the copy cannot key: it fails after the store's own tables were written.
        RecordSet[] sets = [.. PlatformRecordSets.All.Where(s => s.Name != TeamsConversations.CardCopiesSet), RecordSet.Of<Keyless>(TeamsConversations.CardCopiesSet)];

        Assert.ThrowsAny<Exception>(() => LiteDbToPostgres.Copy(file, target, sets));

        Assert.Equal(0, AllRows(database));
    }

    [Theory]
    [InlineData("Unexpected word (not shown: it looks like a connection string", "copy", "--from", "litedb:/srv/signoff.db", "Host=db;Password=" + Secret)]
    [InlineData("--to: not a valid connection string", "copy", "--from", "litedb:/srv/signoff.db", "--to", "postgres:Host=db;Password=" + Secret + ";Pooling=maybe")]
    [InlineData("--to must be postgres:<connection string>", "copy", "--from", "litedb:/srv/signoff.db", "--to", "Host=db;Password=" + Secret)]
    [InlineData("--to: the connection string names no Host.", "copy", "--from", "litedb:/srv/signoff.db", "--to=postgres:Database=signoffbot;Password=" + Secret)]
    [InlineData("--from must be litedb:<store file>", "copy", "--from", "/srv/signoff.db", "--to", "postgres:Host=db;Password=" + Secret)]
    [InlineData("Unknown option '--password'.", "copy", "--from", "litedb:/srv/signoff.db", "--to", "postgres:Host=db", "--password=" + Secret)]
    [InlineData("--to is given twice.", "copy", "--from", "litedb:/srv/signoff.db", "--to", "postgres:Host=db", "--to", "postgres:Host=db2;Password=" + Secret)]
    [InlineData("'move' is not a store command; the one there is: copy.", "move")]
    [InlineData("Which store command? The one there is: copy.")]
    public void BadArguments_AreAUsageError_ThatNeverShowsThePassword(string expected, params string[] args)
    {
        var run = Store(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Contains("Usage: " + StoreCopyCommand.Synopsis, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ADatabaseThatCannotBeOpened_IsRefused_NamingItsHostAndDatabase_NotThePassword()
    {
        using var database = TestPostgres.CreateDatabase();
        var source = SmallStore(3);
        var wrongPassword = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = Secret, Pooling = false };
        var nobodyListens = new NpgsqlConnectionStringBuilder(wrongPassword.ConnectionString) { Host = "127.0.0.1", Port = HostProcess.FreePort(), Timeout = 3 };

        foreach (var target in new[] { wrongPassword, nobodyListens })
        {
            var run = Copy(source, target.ConnectionString);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains($"Refused: the PostgreSQL database {target.Host}/{database.Name} cannot be opened", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, run.Error, StringComparison.Ordinal);
        }

        Assert.Equal(0, AllRows(database));
    }

    private static string Target(TestDatabase database) => $"{new NpgsqlConnectionStringBuilder(database.ConnectionString).Host}/{database.Name}";

    /// <summary>A record type without an id: no set can be copied as it.</summary>
    private sealed class Keyless
    {
        public string Item { get; set; } = "";
    }
}
