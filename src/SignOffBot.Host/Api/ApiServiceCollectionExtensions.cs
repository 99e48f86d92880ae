namespace SignOffBot.Host.Api;

public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddPipelineApi(this IServiceCollection services)
    {
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ApiOptions>, ApiKeysValidator>();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateOnStart();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<HeldDeployChecks>();
        return services;
    }

    public static IEndpointRouteBuilder MapPipelineApi(this IEndpointRouteBuilder app)
    {
        app.MapItemsApi();
        app.MapItemLifecycleApi();
        app.MapDeployCheckApi();
        app.MapAuditApi();
        return app;
    }
}
