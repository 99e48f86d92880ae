using Microsoft.Extensions.Options;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddLiteDbStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (!string.Equals(options.Provider, "LiteDb", StringComparison.OrdinalIgnoreCase))
            {
                throw new Configuration.InvalidConfigurationException([$"Storage:Provider: '{options.Provider}' is not a store this host has; use LiteDb."]);
            }

            return LiteDbStorage.Open(options.LiteDb.Path, sp.GetRequiredService<OutboxSignal>());
        });
        services.AddSingleton<IUnitOfWork>(sp => sp.GetRequiredService<LiteDbStorage>().UnitOfWork);
        services.AddSingleton<ISignOffStore>(sp => sp.GetRequiredService<LiteDbStorage>().SignOffs);
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<LiteDbStorage>().Audit);
        services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<LiteDbStorage>().Outbox);
        services.AddSingleton<IReminderStore>(sp => sp.GetRequiredService<LiteDbStorage>().Reminders);
        services.AddSingleton<IPlatformRecords>(sp => sp.GetRequiredService<LiteDbStorage>().Records);
        return services;
    }
}
