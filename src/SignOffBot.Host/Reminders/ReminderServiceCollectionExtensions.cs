using Quartz;

namespace SignOffBot.Host.Reminders;

public static class ReminderServiceCollectionExtensions
{
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.Section);
        services.AddSingleton<ReminderPlanner>();
        services.AddSingleton<ReminderScanner>();
        services.AddHostedService<ReminderStartup>();
        var scanEvery = configuration.GetSection(ReminderOptions.Section).GetValue<TimeSpan?>(nameof(ReminderOptions.ScanEvery)) ?? TimeSpan.FromMinutes(1);
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<ReminderJob>(job => job.WithIdentity(ReminderJob.Key));
            quartz.AddTrigger(trigger => trigger
                .ForJob(ReminderJob.Key)
                .WithIdentity("reminders-scan", "signoffbot")
                .StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(scanEvery).RepeatForever()));
        });
        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = true);
        return services;
    }
}
