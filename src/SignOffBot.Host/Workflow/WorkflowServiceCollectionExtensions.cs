using SignOffBot.Core.Conversations;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Workflow;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>The domain use cases every surface calls.</summary>
    public static IServiceCollection AddSignOffWorkflow(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ActionRunner>();
        services.AddSingleton<SignOffService>();
        services.AddSingleton<DeployService>();
        services.AddSingleton<ChatCommandHandler>();
        return services;
    }
}
