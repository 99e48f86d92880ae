namespace SignOffBot.Host.Api;

public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddPipelineApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section);
        services.AddSingleton<ApiKeyRegistry>();
        return services;
    }

    public static IEndpointRouteBuilder MapPipelineApi(this IEndpointRouteBuilder app)
    {
        app.MapItemsApi();
        app.MapDeployCheckApi();
        app.MapAuditApi();
        return app;
    }
}
