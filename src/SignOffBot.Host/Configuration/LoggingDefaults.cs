using Microsoft.Extensions.Configuration.Memory;

namespace SignOffBot.Host.Configuration;

/// <summary>
/// The host's default log levels, as the lowest configuration layer, so any file, environment variable
/// (<c>Logging__LogLevel__System.Net.Http=Information</c>) or argument still overrides them. Outbound HTTP calls
/// (<c>System.Net.Http</c>: every Slack, Bot Connector and token request) log at Warning only: their outcome is logged by
/// the outbox as one line per delivery.
/// </summary>
public static class LoggingDefaults
{
    public static readonly IReadOnlyDictionary<string, string?> Levels = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:System.Net.Http"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Quartz"] = "Warning",
    };

    public static IConfigurationBuilder AddLoggingDefaults(this IConfigurationBuilder configuration)
    {
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Levels });
        return configuration;
    }
}
