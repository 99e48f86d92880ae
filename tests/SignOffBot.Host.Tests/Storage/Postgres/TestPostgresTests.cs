using Npgsql;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Storage.Postgres;

/// <summary>The PostgreSQL server the store's tests run on: on loopback, a database of each test's own, dropped after.</summary>
public sealed class TestPostgresTests
{
    [Fact]
    public void ATestDatabase_IsOnLoopback_AndGoneOnceDisposed()
    {
        string name;
        using (var database = TestPostgres.CreateDatabase())
        {
            name = database.Name;
            using var connection = new NpgsqlConnection(database.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT current_database(), host(inet_server_addr())", connection);
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal((name, "127.0.0.1"), (reader.GetString(0), reader.GetString(1)));
        }

        using var server = new NpgsqlConnection(TestPostgres.ConnectionString);
        server.Open();
        using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", server);
        exists.Parameters.AddWithValue("name", name);
        Assert.Equal(0L, (long)exists.ExecuteScalar()!);
    }
}
