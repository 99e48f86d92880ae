using SignOffBot.Core.Governance;

namespace SignOffBot.Host.Governance;

public static class GovernanceServiceCollectionExtensions
{
    public static IServiceCollection AddGovernance(this IServiceCollection services)
    {
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<GovernanceOptions>, GovernanceValidator>();
        services.AddOptions<GovernanceOptions>().ValidateOnStart();
        services.AddSingleton<ConfiguredGovernance>();
        services.AddSingleton<IGovernanceSource>(sp => sp.GetRequiredService<ConfiguredGovernance>());
        return services;
    }
}
