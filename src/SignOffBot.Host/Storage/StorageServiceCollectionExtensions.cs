using Microsoft.Extensions.Options;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddLiteDbStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddSingleton<Outbox.OutboxSignal>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (!string.Equals(options.Provider, "LiteDb", StringComparison.OrdinalIgnoreCase))
            {
                throw new Configuration.InvalidConfigurationException([$"Storage:Provider: '{options.Provider}' is not a store this host has; use LiteDb."]);
            }

            return new LiteDbSignOffStore(LiteDbSetup.Open(options.LiteDb.Path), sp.GetRequiredService<Outbox.OutboxSignal>());
        });
        services.AddSingleton<ISignOffStore>(sp => sp.GetRequiredService<LiteDbSignOffStore>());
        services.AddSingleton<IReminderStore>(sp => sp.GetRequiredService<LiteDbSignOffStore>());
        return services;
    }
}
