using Microsoft.Extensions.Configuration.Json;

namespace SignOffBot.Host.Configuration;

/// <summary>
/// Layers the deployment's own JSON file (<c>--config &lt;file&gt;</c> or <c>SIGNOFFBOT_CONFIG</c>) right after
/// <c>appsettings.{Environment}.json</c>, so environment variables and the command line still win (SPEC section 7).
/// </summary>
public static class ConfigFileLayering
{
    public const string EnvironmentVariable = "SIGNOFFBOT_CONFIG";

    public static string? FindConfigFile(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                return args[i]["--config=".Length..];
            }
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment;
    }

    public static IConfigurationBuilder AddSignOffBotConfigFile(this IConfigurationBuilder configuration, string[] args)
    {
        var file = FindConfigFile(args);
        if (file is null)
        {
            return configuration;
        }

        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The configuration file given by --config or {EnvironmentVariable} does not exist: {path}");
        }

        var source = new JsonConfigurationSource
        {
            FileProvider = PolledConfigFiles.For(Path.GetDirectoryName(path)!),
            Path = Path.GetFileName(path),
            Optional = false,
            ReloadOnChange = true,
        };

        var sources = configuration.Sources;
        var lastAppSettings = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } p } && p.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                lastAppSettings = i;
            }
        }

        var at = lastAppSettings >= 0 ? lastAppSettings + 1 : FirstEnvironmentSource(sources);
        sources.Insert(at, source);
        return configuration;
    }

    private static int FirstEnvironmentSource(IList<IConfigurationSource> sources)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                return i;
            }
        }

        return sources.Count;
    }
}
