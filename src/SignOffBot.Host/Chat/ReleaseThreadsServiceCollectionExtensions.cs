using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Chat;

public static class ReleaseThreadsServiceCollectionExtensions
{
    /// <summary>Registers the release threads once, whichever platforms use them; the outbox stores their new roots.</summary>
    public static IServiceCollection AddReleaseThreads(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ReleaseThreads)))
        {
            return services;
        }

        services.AddSingleton<ReleaseThreads>();
        services.AddSingleton<IDeliveryRecords>(sp => sp.GetRequiredService<ReleaseThreads>());
        return services;
    }
}
