using Microsoft.Extensions.Options;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Configuration;
using SignOffBot.Host.Outbox;

namespace SignOffBot.Host.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddLiteDbStorage(this IServiceCollection services)
    {
        services.AddValidatedOptions<StorageOptions>(StorageOptions.Section);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(sp =>
        {
            // Reading the options validates them (StorageOptions.Problems): an unknown provider never opens anything.
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
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
