using SignOffBot.Host.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SignOffBot.Host.Http;

namespace SignOffBot.Host.Slack.WebApi;

public static class SlackWebApiServiceCollectionExtensions
{
    /// <summary>Slack's answers are small; a bigger one is refused rather than buffered.</summary>
    private const long LargestAnswer = 4 * 1024 * 1024;

    /// <summary>
    /// The Slack Web API client: the typed HttpClient <see cref="SlackApiClient"/> (transient, safe to keep in a
    /// singleton: connections are recycled every 2 minutes) with the <see cref="OutboundResilience"/> policy (30 s per
    /// attempt, 3 attempts) and no redirects (the bot token is never replayed to another host), the singleton
    /// <see cref="SlackUserCache"/>, <see cref="SlackOptions"/> bound from the <c>Slack</c> section (binding it twice is
    /// harmless) and <see cref="TimeProvider.System"/> unless a TimeProvider is already registered. The HttpClient
    /// factory's own request logging is removed (it would log a response_url, which is a capability); the client logs
    /// its calls itself, by host.
    /// </summary>
    public static IServiceCollection AddSlackWebApi(this IServiceCollection services)
    {
        services.AddValidatedOptions<SlackOptions>(SlackOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SlackUserCache>();

        services.AddHttpClient<SlackApiClient>(client => client.MaxResponseContentBufferSize = LargestAnswer)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .AddOutboundResilience(LargestAnswer)
            .RemoveAllLoggers();
        return services;
    }
}
