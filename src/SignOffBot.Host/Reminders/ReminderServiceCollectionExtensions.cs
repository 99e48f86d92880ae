using SignOffBot.Host.Configuration;
using Quartz;

namespace SignOffBot.Host.Reminders;

public static class ReminderServiceCollectionExtensions
{
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ReminderOptions>(ReminderOptions.Section);
        services.AddSingleton(sp => new Core.Reminders.ReminderPlanner(
            () => sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ReminderOptions>>().CurrentValue.ToSettings(),
            sp.GetRequiredService<Core.Governance.IGovernanceSource>()));
        services.AddSingleton<ReminderScanner>();
        services.AddSingleton<ReminderClock>();
        services.AddHostedService<ReminderStartup>();
        var scanEvery = configuration.GetSection(ReminderOptions.Section).GetValue<TimeSpan?>(nameof(ReminderOptions.ScanEvery)) ?? TimeSpan.FromMinutes(5);
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<ReminderJob>(job => job.WithIdentity(ReminderJob.Key).StoreDurably());
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
