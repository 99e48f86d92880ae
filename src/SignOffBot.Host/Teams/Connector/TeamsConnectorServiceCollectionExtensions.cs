using SignOffBot.Host.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SignOffBot.Host.Teams.Connector;

public static class TeamsConnectorServiceCollectionExtensions
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The outbound Teams side: <see cref="BotTokenProvider"/> (singleton: it holds the cached token) and the typed
    /// HttpClient <see cref="BotConnectorClient"/> (transient, safe to keep in a singleton: connections are recycled
    /// every 2 minutes). Binds <see cref="TeamsOptions"/> from the <c>Teams</c> section (binding it twice is harmless)
    /// and adds <see cref="TimeProvider.System"/> unless a TimeProvider is already registered. Redirects are not
    /// followed by either client, so neither the client secret nor the token is replayed to another host.
    /// </summary>
    public static IServiceCollection AddBotConnector(this IServiceCollection services)
    {
        services.AddValidatedOptions<TeamsOptions>(TeamsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(BotTokenProvider.HttpClientName, client => client.Timeout = RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(NoRedirects);
        services.TryAddSingleton<BotTokenProvider>();

        services.AddHttpClient<BotConnectorClient>(client => client.Timeout = RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(NoRedirects);
        return services;
    }

    private static SocketsHttpHandler NoRedirects() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };
}
