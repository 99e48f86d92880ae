using Microsoft.Extensions.DependencyInjection.Extensions;
using SignOffBot.Host.Chat.Attestations;

namespace SignOffBot.Host.Chat;

public static class ChatCommandsServiceCollectionExtensions
{
    /// <summary>What Slack and Teams share to run typed commands and send their files (adding it twice is harmless).</summary>
    public static IServiceCollection AddChatCommands(this IServiceCollection services)
    {
        services.TryAddSingleton<IDeployCheckAttestations, DeployCheckAttestations>();
        services.TryAddSingleton<ChatCommandRunner>();
        services.TryAddSingleton<ChatFiles>();
        return services;
    }
}
