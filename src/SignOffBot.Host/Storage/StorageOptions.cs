namespace SignOffBot.Host.Storage;

/// <summary>The <c>Storage</c> configuration section: which store the host uses, and where it is.</summary>
public sealed class StorageOptions : Configuration.IValidatedOptions
{
    public const string Section = "Storage";

    public const string LiteDbProvider = "LiteDb";

    public const string PostgresProvider = "Postgres";

    /// <summary><see cref="LiteDbProvider"/> (the embedded file, the default) or <see cref="PostgresProvider"/>.</summary>
    public string Provider { get; set; } = LiteDbProvider;

    public LiteDbOptions LiteDb { get; set; } = new();

    public PostgresOptions Postgres { get; set; } = new();

    public bool IsPostgres => string.Equals(Provider, PostgresProvider, StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> Problems()
    {
        if (IsPostgres)
        {
            return Postgres.Problems();
        }

        return string.Equals(Provider, LiteDbProvider, StringComparison.OrdinalIgnoreCase)
            ? []
            : [$"{Section}:Provider: '{Provider}' is not a store this host has; use {LiteDbProvider} or {PostgresProvider}."];
    }
}

public sealed class LiteDbOptions
{
    /// <summary>The database file; relative paths are taken from the working directory. Its folder is created.</summary>
    public string Path { get; set; } = "data/signoff.db";
}

public sealed class PostgresOptions
{
    private const string Key = $"{StorageOptions.Section}:Postgres:ConnectionString";

    /// <summary>An Npgsql connection string; it carries the password, so no message ever shows it.</summary>
    public string ConnectionString { get; set; } = "";

    public IReadOnlyList<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            return [$"{Key}: required when {StorageOptions.Section}:Provider is {StorageOptions.PostgresProvider}, such as Host=db.example.com;Database=signoffbot;Username=signoffbot;Password=…"];
        }

        try
        {
            var parsed = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            return string.IsNullOrWhiteSpace(parsed.Host) ? [$"{Key}: names no Host."] : [];
        }
        catch (ArgumentException)
        {
            // The parser's message quotes the bad part, which may be the password: not repeated.
            return [$"{Key}: is not a valid connection string (Key=Value pairs separated by ';')."];
        }
    }
}
