namespace SignOffBot.Host.Playground;

public static class PlaygroundServiceCollectionExtensions
{
    /// <summary>The playground surface; registered always, active only when <see cref="PlaygroundSwitch.IsOn"/>.</summary>
    public static IServiceCollection AddPlayground(this IServiceCollection services)
    {
        services.AddOptions<PlaygroundOptions>().BindConfiguration(PlaygroundOptions.Section);
        services.AddSingleton<PlaygroundSwitch>();
        services.AddSingleton<PlaygroundTimeline>();
        services.AddSingleton<PlaygroundView>();
        services.AddSingleton<PlaygroundPeople>();
        services.AddSingleton<PlaygroundCards>();
        services.AddSingleton<PlaygroundCommandsEndpoint>();
        services.AddSingleton<PlaygroundActionsEndpoint>();
        services.AddSingleton<Outbox.INoticeSender, PlaygroundNoticeSender>();
        return services;
    }
}
