using Microsoft.Extensions.DependencyInjection.Extensions;
using SignOffBot.Host.Configuration;
namespace SignOffBot.Host.Outbox;

public static class OutboxServiceCollectionExtensions
{
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddValidatedOptions<OutboxOptions>(OutboxOptions.Section);
        services.AddSingleton<ConversationPacer>();
        services.TryAddSingleton<OutboxWriter>();
        services.AddSingleton<StaleCopies>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<OutboxCleanup>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxCleanup>());
        return services;
    }
}
