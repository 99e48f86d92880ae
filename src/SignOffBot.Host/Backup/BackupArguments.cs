using SignOffBot.Host.Configuration;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Backup;

/// <summary>
/// The arguments of <c>backup</c> and <c>restore</c>: one file, <c>--host &lt;url&gt;</c> and <c>--config &lt;file&gt;</c>
/// (each also as <c>--name=value</c>), and what they point at: the store file (<c>Storage:LiteDb:Path</c> from the
/// same configuration layers as the host) and the host's URL (<c>--host</c>, else the first of <c>Urls</c>).
/// </summary>
internal sealed record BackupArguments(string File, Uri Host, string StorePath)
{
    public const string DefaultHost = "http://localhost:5000";

    /// <summary>Null with <paramref name="problem"/> set when the arguments are not usable.</summary>
    public static BackupArguments? Parse(string[] args, out string problem)
    {
        problem = string.Empty;
        string? file = null;
        string? host = null;
        for (var i = 1; i < args.Length; i++)
        {
            var word = args[i];
            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                if (file is not null)
                {
                    problem = $"One file only; '{word}' is one too many.";
                    return null;
                }

                file = word;
                continue;
            }

            var equals = word.IndexOf('=', StringComparison.Ordinal);
            var option = equals < 0 ? word : word[..equals];
            var value = equals >= 0 ? word[(equals + 1)..] : i + 1 < args.Length ? args[++i] : null;
            if (option is "--key" or "--api-key")
            {
                problem = $"The API key is never taken from the command line (other users of the machine can read it there); set {CommandEnvironment.ApiKeyVariable}.";
                return null;
            }

            if (option is not ("--host" or "--config"))
            {
                problem = $"Unknown option '{option}'.";
                return null;
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                problem = $"{option} needs a value.";
                return null;
            }

            if (option == "--host")
            {
                host = value;
            }
        }

        if (file is null)
        {
            problem = "The file is missing.";
            return null;
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = Load(args);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or FormatException or InvalidDataException)
        {
            problem = e.Message;
            return null;
        }

        using (configuration as IDisposable)
        {
            host ??= FirstUrl(configuration["Urls"]) ?? DefaultHost;
            if (!Uri.TryCreate(host, UriKind.Absolute, out var hostUri) || hostUri.Scheme is not ("http" or "https"))
            {
                problem = $"--host '{host}' is not an http or https URL.";
                return null;
            }

            var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
            return new BackupArguments(Path.GetFullPath(file), hostUri, Path.GetFullPath(storage.LiteDb.Path));
        }
    }

    /// <summary>The host's configuration layers: appsettings.json, appsettings.{Environment}.json, --config or SIGNOFFBOT_CONFIG, environment variables.</summary>
    private static IConfigurationRoot Load(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var builder = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environment}.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables();
        builder.AddSignOffBotConfigFile(args);
        return builder.Build();
    }

    /// <summary>The first of the <c>Urls</c> the host listens on, with a wildcard host made local (<c>http://*:5000</c>: <c>http://localhost:5000</c>).</summary>
    private static string? FirstUrl(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        foreach (var wildcard in new[] { "://*", "://+", "://0.0.0.0", "://[::]" })
        {
            if (first.Contains(wildcard, StringComparison.Ordinal))
            {
                return first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
            }
        }

        return first;
    }
}
