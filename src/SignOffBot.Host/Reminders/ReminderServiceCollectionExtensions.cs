using SignOffBot.Host.Configuration;
using SignOffBot.Host.Storage;
using Quartz;

namespace SignOffBot.Host.Reminders;

public static class ReminderServiceCollectionExtensions
{
    /// <summary>The name every host of one deployment gives its scheduler: Quartz's cluster is the hosts sharing it.</summary>
    public const string SchedulerName = "signoffbot";

    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddValidatedOptions<ReminderOptions>(ReminderOptions.Section);
        services.AddSingleton(sp => new Core.Reminders.ReminderPlanner(
            () => sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ReminderOptions>>().CurrentValue.ToSettings(),
            sp.GetRequiredService<Core.Governance.IGovernanceSource>()));
        services.AddSingleton<ReminderScanner>();
        services.AddSingleton<ReminderClock>();
        services.AddHostedService<ReminderStartup>();
        var reminders = configuration.GetSection(ReminderOptions.Section);
        var cluster = reminders.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        var scanEvery = storage.IsPostgres ? cluster.ScanEvery : reminders.GetValue<TimeSpan?>(nameof(ReminderOptions.ScanEvery)) ?? TimeSpan.FromMinutes(5);
        services.AddQuartz(quartz =>
        {
            if (storage.IsPostgres)
            {
                UseCluster(quartz, storage.Postgres.ConnectionString, cluster);
            }

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

    /// <summary>
    /// On a shared PostgreSQL store the hosts share one clustered scheduler in the same database (tables from our
    /// migrations, validated by Quartz at start): one host at a time runs the reminder job, and when a host dies
    /// another takes its triggers over after the check-in window.
    /// </summary>
    private static void UseCluster(IQuartzBuilder quartz, string connectionString, ClusterOptions cluster)
    {
        quartz.ConfigureScheduler(scheduler =>
        {
            scheduler.InstanceName = SchedulerName;
            scheduler.GenerateInstanceId = true;
        });
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(Npgsql.NpgsqlFactory.Instance, connectionString);
            store.UseSerializer<Quartz.Impl.SystemTextJsonObjectSerializer>();
            store.UseClustering(clustering =>
            {
                clustering.CheckinInterval = cluster.CheckinInterval;
                clustering.CheckinMisfireThreshold = cluster.CheckinMisfireThreshold;
            });
            store.ConfigureStore(ado =>
            {
                ado.TablePrefix = "qrtz_";
                ado.SchemaProvisioning = SchemaProvisioning.Validate;
            });
        });
    }
}
