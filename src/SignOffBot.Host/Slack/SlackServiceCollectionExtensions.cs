using Microsoft.Extensions.DependencyInjection.Extensions;
using SignOffBot.Host.Chat;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Slack.Verification;
using SignOffBot.Host.Slack.WebApi;

namespace SignOffBot.Host.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>The Slack adapter. It is always registered; with no signing secret and token it is off and refuses everything.</summary>
    public static IServiceCollection AddSlack(this IServiceCollection services)
    {
        services.AddSlackWebApi();
        services.TryAddSingleton<RecentDeliveries>();
        services.TryAddSingleton<OutboxWriter>();
        services.AddSingleton<SlackRequestVerifier>();
        services.AddSingleton<SlackPeople>();
        services.AddSingleton<SlackCards>();
        services.AddSingleton<SlackCardCopies>();
        services.AddReleaseThreads();
        services.AddChatCommands();
        services.AddSingleton<SlackCommandsEndpoint>();
        services.AddSingleton<SlackInteractionsEndpoint>();
        services.AddSingleton<SlackHomeTab>();
        services.AddSingleton<SlackEventsEndpoint>();
        services.AddSingleton<SlackNoticeSender>();
        services.AddSingleton<INoticeSender>(sp => sp.GetRequiredService<SlackNoticeSender>());
        return services;
    }
}
