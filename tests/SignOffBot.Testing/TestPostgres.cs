using System.Diagnostics;
using Npgsql;

namespace SignOffBot.Testing;

/// <summary>
/// The PostgreSQL server of a test run: the one <c>.ci/run</c> started (its connection string in
/// <see cref="Variable"/>), else one this test process starts with <c>.ci/postgres</c> and stops when it exits. A test
/// that needs it and cannot have it fails, with the reason; it is never skipped.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "SIGNOFFBOT_TEST_POSTGRES";

    private static readonly Lazy<(string? Connection, string? Problem)> Server = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The server's connection string (to its <c>postgres</c> database).</summary>
    /// <exception cref="InvalidOperationException">No server could be had; the message says why.</exception>
    public static string ConnectionString =>
        Server.Value.Connection ?? throw new InvalidOperationException($"This test needs PostgreSQL and has none: {Server.Value.Problem}");

    private static readonly Lazy<string> Template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// A new database with a random name, dropped when the returned one is disposed: with the store's schema as the
    /// migrations leave it (copied from a template made once per run, which is quicker than migrating each), or empty.
    /// </summary>
    public static TestDatabase CreateDatabase(bool empty = false)
    {
        var name = "signoffbot_test_" + Guid.NewGuid().ToString("N")[..16];
        Execute($"CREATE DATABASE {name} TEMPLATE {(empty ? "template0" : Template.Value)} STRATEGY FILE_COPY");
        return new TestDatabase(name, new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString);
    }

    private static string CreateTemplate()
    {
        var name = "signoffbot_template_" + Guid.NewGuid().ToString("N")[..12];
        Execute($"CREATE DATABASE {name} TEMPLATE template0");
        using (var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, Pooling = false }.ConnectionString))
        {
            Host.Storage.Postgres.PostgresMigrations.Apply(dataSource);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        return name;
    }

    internal static void Execute(string sql)
    {
        // No pooling: the server's own database is used once in a while, and a pooled connection would outlive the test.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static (string?, string?) Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            return (given, null);
        }

        var script = FindScript();
        if (script is null)
        {
            return (null, $"{Variable} is not set and .ci/postgres was not found above {AppContext.BaseDirectory}");
        }

        var folder = Path.Combine(Path.GetTempPath(), "signoffbot-tests", "postgres-" + Guid.NewGuid().ToString("N")[..12]);
        var (exit, output, error) = Run(script, "start", folder);
        if (exit != 0)
        {
            return (null, $"{Variable} is not set and '{script} start' failed ({exit}): {error.Trim()}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, "stop", folder);
        return (output.Trim(), null);
    }

    private static string? FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var script = Path.Combine(folder.FullName, ".ci", "postgres");
            if (File.Exists(script))
            {
                return script;
            }
        }

        return null;
    }

    private static (int Exit, string Output, string Error) Run(string script, string command, string folder)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, command, folder })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, output, "timed out after 2 minutes");
        }

        return (process.ExitCode, output, error.Result);
    }
}

/// <summary>A database of its own for one test (or one test class), dropped on <see cref="Dispose"/>.</summary>
public sealed class TestDatabase(string name, string connectionString) : IDisposable
{
    public string Name => name;

    public string ConnectionString => connectionString;

    /// <summary>The first column of the first row of <paramref name="sql"/>, as a number (unpooled: the database is dropped at the end).</summary>
    public long Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => TestPostgres.Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
}
