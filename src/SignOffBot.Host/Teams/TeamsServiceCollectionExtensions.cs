using SignOffBot.Host.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SignOffBot.Host.Chat;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Teams.Authentication;
using SignOffBot.Host.Teams.Connector;
using SignOffBot.Host.Teams.Conversations;

namespace SignOffBot.Host.Teams;

public static class TeamsServiceCollectionExtensions
{
    /// <summary>The Teams adapter. It is always registered; with no credentials configured it is off and refuses everything.</summary>
    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddValidatedOptions<TeamsOptions>(TeamsOptions.Section);
        services.AddBotFrameworkAuthentication();
        services.AddBotConnector();
        services.AddSingleton<TeamsConversations>();
        services.AddSingleton<TeamsPeople>();
        services.AddSingleton<TeamsRoster>();
        services.AddHostedService<TeamsRosterStartup>();
        services.AddSingleton<TeamsCards>();
        services.TryAddSingleton<Chat.RecentDeliveries>();
        services.AddReleaseThreads();
        services.AddChatCommands();
        services.AddSingleton<TeamsMessagesEndpoint>();
        services.AddSingleton<TeamsNoticeSender>();
        services.AddSingleton<INoticeSender>(sp => sp.GetRequiredService<TeamsNoticeSender>());
        return services;
    }
}
