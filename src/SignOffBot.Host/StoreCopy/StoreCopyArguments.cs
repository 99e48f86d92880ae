using Npgsql;

namespace SignOffBot.Host.StoreCopy;

/// <summary>
/// The arguments of <c>store copy</c>: <c>--from litedb:&lt;store file&gt;</c> and <c>--to postgres:&lt;connection
/// string&gt;</c> (each also as <c>--name=value</c>). The connection string may hold a password, so no message repeats
/// it, nor a word that looks like one: the target is named by its host and database only (<see cref="Target"/>).
/// </summary>
internal sealed record StoreCopyArguments(string SourcePath, string ConnectionString, string Target)
{
    public const string FromPrefix = "litedb:";
    public const string ToPrefix = "postgres:";

    /// <summary>Null with <paramref name="problem"/> set when the arguments are not usable.</summary>
    public static StoreCopyArguments? Parse(string[] args, out string problem)
    {
        problem = string.Empty;
        if (args.Length < 2 || args[1] != "copy")
        {
            problem = args.Length < 2 ? "Which store command? The one there is: copy." : $"'{args[1]}' is not a store command; the one there is: copy.";
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 2; i < args.Length; i++)
        {
            var word = args[i];
            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                problem = word.Contains('=', StringComparison.Ordinal)
                    ? "Unexpected word (not shown: it looks like a connection string, which may hold a password); the target goes after --to postgres:."
                    : $"Unexpected word '{word}'.";
                return null;
            }

            var equals = word.IndexOf('=', StringComparison.Ordinal);
            var option = equals < 0 ? word : word[..equals];
            var value = equals >= 0 ? word[(equals + 1)..] : i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            if (option is not ("--from" or "--to"))
            {
                problem = $"Unknown option '{option}'.";
                return null;
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                problem = $"{option} needs a value.";
                return null;
            }

            if (!values.TryAdd(option, value))
            {
                problem = $"{option} is given twice.";
                return null;
            }
        }

        if (!values.TryGetValue("--from", out var from) || !from.StartsWith(FromPrefix, StringComparison.OrdinalIgnoreCase) || from.Length == FromPrefix.Length)
        {
            problem = $"--from must be {FromPrefix}<store file>, such as {FromPrefix}/var/lib/signoffbot/signoff.db.";
            return null;
        }

        if (!values.TryGetValue("--to", out var to) || !to.StartsWith(ToPrefix, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"--to must be {ToPrefix}<connection string>, such as {ToPrefix}Host=db.example.com;Database=signoffbot;Username=signoffbot "
                + "(the password from PGPASSWORD or ~/.pgpass rather than the command line).";
            return null;
        }

        var connectionString = to[ToPrefix.Length..];
        NpgsqlConnectionStringBuilder target;
        try
        {
            target = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // The parser's message quotes the bad part, which may be the password: not repeated.
            problem = "--to: not a valid connection string (Key=Value pairs separated by ';').";
            return null;
        }

        if (string.IsNullOrWhiteSpace(target.Host))
        {
            problem = "--to: the connection string names no Host.";
            return null;
        }

        return new StoreCopyArguments(Path.GetFullPath(from[FromPrefix.Length..]), connectionString, $"{target.Host}/{target.Database ?? target.Username ?? "(the user's database)"}");
    }

    /// <summary><paramref name="message"/> (say, from the database driver) with the connection string's password taken out, should it be there.</summary>
    public string Redacted(string message) =>
        new NpgsqlConnectionStringBuilder(ConnectionString).Password is { Length: > 0 } password
            ? message.Replace(password, "(password)", StringComparison.Ordinal)
            : message;

    /// <summary>Never the connection string itself.</summary>
    public override string ToString() => $"{SourcePath} -> {Target}";
}
