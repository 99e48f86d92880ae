using System.Reflection;
using Npgsql;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>
/// Brings the schema up to date at start: the scripts embedded from <c>Migrations/</c> (<c>NNNN_name.sql</c>), each
/// applied once, in order, in a transaction of its own with its row in <c>schema_versions</c>. The whole run holds a
/// session advisory lock, so hosts starting together apply each script once: the others wait, then find it applied.
/// </summary>
public static class PostgresMigrations
{
    /// <summary>The advisory lock key of a migration run (any fixed number; "SOBMIGR" in ASCII).</summary>
    private const long MigrationLock = 0x534F424D494752;

    private const string ResourcePrefix = "postgres/migrations/";

    /// <summary>The embedded scripts in the order they apply: version (from the name's digits) and name.</summary>
    public static IReadOnlyList<(int Version, string Name)> Scripts { get; } = [.. typeof(PostgresMigrations).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..])
        .Select(n => (Version: int.Parse(n[..n.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), Name: n))
        .OrderBy(s => s.Version)];

    /// <summary>Applies the scripts the database lacks; returns the names of those applied by this call.</summary>
    public static IReadOnlyList<string> Apply(NpgsqlDataSource dataSource)
    {
        using var connection = dataSource.OpenConnection();
        Sql.Execute(connection, null, "SELECT pg_advisory_lock(@key)", ("key", MigrationLock));
        try
        {
            Sql.Execute(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_versions (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """);
            var applied = Sql.Query(connection, null, "SELECT version FROM schema_versions", r => r.GetInt32(0)).ToHashSet();
            var done = new List<string>();
            foreach (var (version, name) in Scripts.Where(s => !applied.Contains(s.Version)))
            {
                using var transaction = connection.BeginTransaction();
                Sql.Execute(connection, transaction, Read(name));
                Sql.Execute(connection, transaction, "INSERT INTO schema_versions (version, name) VALUES (@version, @name)", ("version", version), ("name", name));
                transaction.Commit();
                done.Add(name);
            }

            return done;
        }
        finally
        {
            Sql.Execute(connection, null, "SELECT pg_advisory_unlock(@key)", ("key", MigrationLock));
        }
    }

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The migration {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
