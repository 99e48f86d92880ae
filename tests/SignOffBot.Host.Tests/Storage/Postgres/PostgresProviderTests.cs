using Npgsql;
using SignOffBot.Host.Tests.Configuration;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Storage.Postgres;

/// <summary>
/// <c>Storage:Provider</c> chooses the store: the host runs on PostgreSQL with <c>Postgres</c> and a connection string
/// (schema made at start, nothing written to a LiteDB file), and refuses to start on a provider it has not or without a
/// usable connection string, naming the key and never showing the connection string.
/// </summary>
[Collection(HostStart.Collection)]
public sealed class PostgresProviderTests
{
    [Fact]
    public async Task TheHost_OnPostgres_StoresItsItemsAndAuditThere_AndNotInALiteDbFile()
    {
        using var database = TestPostgres.CreateDatabase(empty: true);
        await using var app = new HostFixture();
        app.Settings["Storage:Provider"] = "postgres";
        app.Settings["Storage:Postgres:ConnectionString"] = database.ConnectionString;
        app.Settings["Api:Keys:3:Name"] = "backup";
        app.Settings["Api:Keys:3:Sha256"] = HostFixture.Sha256Hex("test-key-backup");
        app.Settings["Api:Keys:3:Scopes:0"] = "store:backup";

        var client = await WithChurn7Async(app);
        await AssertOkAsync(await DeployCheckAsync(client, "Fraud-Detection/Churn-XGB@7", "prod-api"));
        var verified = await AssertOkAsync(await client.GetAsync("/api/v1/audit/verify"));
        var health = await AssertOkAsync(await client.GetAsync("/healthz"));

        var backup = await app.CreateClient("test-key-backup").PostAsync("/api/v1/store/backup", null);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, backup.StatusCode);
        Assert.Contains("pg_dump", await backup.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((true, 2), ((bool?)verified["ok"], (int?)verified["events"]));
        Assert.Equal("ready", (string?)health["storage"]);
        Assert.False(File.Exists(app.DatabasePath), "no LiteDB file is made");
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM items) * 100 + (SELECT count(*) FROM audit)", connection);
        Assert.Equal(102L, (long)count.ExecuteScalar()!);
    }

    [Theory]
    [InlineData("LiteDb")]
    [InlineData("Postgres")]
    public async Task ATextWithANulCharacter_Is400NamingIt_AndRecordsNothing_OnEitherStore(string provider)
    {
        using var database = TestPostgres.CreateDatabase(empty: true);
        await using var app = new HostFixture();
        app.Settings["Storage:Provider"] = provider;
        app.Settings["Storage:Postgres:ConnectionString"] = database.ConnectionString;
        var client = await WithChurn7Async(app);
        var events = await AuditEventCountAsync(app);

        var refused = await ConfirmAsync(client, Churn7, "staging-api", "ana@example.com", "smoke test\u0000 passed");
        var accepted = await ConfirmAsync(client, Churn7, "staging-api", "ana@example.com", "smoke test passed");

        var problem = await AssertProblemAsync(refused, System.Net.HttpStatusCode.BadRequest);
        Assert.Equal("nul-character", (string?)problem["rule"]);
        Assert.Equal("A reason holds a NUL character (U+0000), which cannot be recorded. Send it again without it.", Detail(problem));
        Assert.Equal("smoke test passed", (string?)(await AssertOkAsync(accepted))["confirmation"]!["reason"]);
        Assert.Equal(events + 1, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData("Oracle", null, "Storage:Provider: 'Oracle' is not a store")]
    [InlineData("Postgres", null, "Storage:Postgres:ConnectionString: required")]
    [InlineData("Postgres", "Host=db.example.com;Password=Hunter2-secret;Pooling=maybe", "Storage:Postgres:ConnectionString: is not a valid connection string")]
    [InlineData("Postgres", "Database=signoffbot;Password=Hunter2-secret", "Storage:Postgres:ConnectionString: names no Host")]
    public async Task TheHost_RefusesToStart_OnAStoreItCannotUse_NamingTheKey_NotTheSecret(string provider, string? connectionString, string expected)
    {
        var message = await HostStart.RefusalAsync(app =>
        {
            app.Settings["Storage:Provider"] = provider;
            app.Settings["Storage:Postgres:ConnectionString"] = connectionString;
        });

        Assert.Contains("SignOffBot cannot start", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Hunter2", message, StringComparison.Ordinal);
    }
}
