using SignOffBot.Core.Governance;

namespace SignOffBot.Host.Governance;

public static class GovernanceServiceCollectionExtensions
{
    public static IServiceCollection AddGovernance(this IServiceCollection services)
    {
        services.AddSingleton<ConfiguredGovernance>();
        services.AddSingleton<IGovernanceSource>(sp => sp.GetRequiredService<ConfiguredGovernance>());
        return services;
    }
}
