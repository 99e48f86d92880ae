using SignOffBot.Host.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SignOffBot.Host.Http;

namespace SignOffBot.Host.Teams.Connector;

public static class TeamsConnectorServiceCollectionExtensions
{
    /// <summary>
    /// The outbound Teams side: <see cref="BotTokenProvider"/> (singleton: it holds the cached token) and the typed
    /// HttpClient <see cref="BotConnectorClient"/> (transient, safe to keep in a singleton: connections are recycled
    /// every 2 minutes), both with the <see cref="OutboundResilience"/> policy (30 s per attempt, 3 attempts). Binds
    /// <see cref="TeamsOptions"/> from the <c>Teams</c> section (binding it twice is harmless) and adds
    /// <see cref="TimeProvider.System"/> unless a TimeProvider is already registered. Redirects are not followed by
    /// either client, so neither the client secret nor the token is replayed to another host.
    /// </summary>
    public static IServiceCollection AddBotConnector(this IServiceCollection services)
    {
        services.AddValidatedOptions<TeamsOptions>(TeamsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(BotTokenProvider.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(NoRedirects)
            .AddOutboundResilience();
        services.TryAddSingleton<BotTokenProvider>();

        services.AddHttpClient<BotConnectorClient>()
            .ConfigurePrimaryHttpMessageHandler(NoRedirects)
            .AddOutboundResilience();

        // Without the bot's token; the upload URL is the capability (and logged by no handler).
        services.AddHttpClient<FileUploadClient>()
            .ConfigurePrimaryHttpMessageHandler(NoRedirects)
            .AddOutboundResilience()
            .RemoveAllLoggers();
        return services;
    }

    private static SocketsHttpHandler NoRedirects() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };
}
