using Npgsql;
using SignOffBot.Host.Storage.Postgres;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Storage.Postgres;

/// <summary>The schema is made and upgraded at start by the embedded scripts, each applied once, also when hosts start together.</summary>
public sealed class PostgresMigrationsTests
{
    [Fact]
    public void TheScripts_AreEmbedded_NumberedFromOne_WithoutGaps()
    {
        Assert.NotEmpty(PostgresMigrations.Scripts);
        Assert.Equal(Enumerable.Range(1, PostgresMigrations.Scripts.Count), PostgresMigrations.Scripts.Select(s => s.Version));
        Assert.All(PostgresMigrations.Scripts, s => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", s.Name));
    }

    [Fact]
    public async Task HostsStartingTogetherOnAnEmptyDatabase_ApplyEachScriptOnce_AndAReopenAppliesNone()
    {
        using var database = TestPostgres.CreateDatabase(empty: true);

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
            return PostgresMigrations.Apply(dataSource);
        })));

        Assert.Equal(PostgresMigrations.Scripts.Select(s => s.Name), applied.SelectMany(a => a));
        using (var dataSource = NpgsqlDataSource.Create(database.ConnectionString))
        {
            Assert.Empty(PostgresMigrations.Apply(dataSource));
        }

        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var versions = new NpgsqlCommand("SELECT count(*) FROM schema_versions", connection);
        Assert.Equal((long)PostgresMigrations.Scripts.Count, (long)versions.ExecuteScalar()!);
    }
}
