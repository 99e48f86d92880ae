using SignOffBot.Core.Ports;
using Quartz;

namespace SignOffBot.Host.Reminders;

/// <summary>
/// Fires the reminder job at the earliest due time, not on a scan clock: one Quartz trigger is moved to that time
/// whenever it may have changed (after a commit that touched reminder targets, after each run, at start). The
/// recurring scan stays as a slow backstop. Due times and Quartz's clock are the host's <see cref="TimeProvider"/>.
/// With several hosts on one clustered scheduler the trigger is not moved: every host moving one shared trigger on each
/// commit made the hosts contend for Quartz's database locks until their schedulers stalled, so there the recurring scan
/// (<see cref="ClusterOptions.ScanEvery"/>, on one host at a time) is what sends reminders.
/// </summary>
public sealed partial class ReminderClock(
    Microsoft.Extensions.Options.IOptions<Storage.StorageOptions> storage,
    IReminderStore store,
    ISchedulerFactory schedulers,
    TimeProvider time,
    Health.BackgroundFailures failures,
    ILogger<ReminderClock> log) : IDisposable
{
    public static readonly TriggerKey NextKey = new("reminders-next", "signoffbot");

    private readonly bool _clustered = storage.Value.IsPostgres;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _again;
    private bool _subscribed;

    /// <summary>Follows the store's reminder changes from now on, and places the trigger once.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_clustered)
        {
            return;
        }

        if (!_subscribed)
        {
            store.TargetsChanged += OnChanged;
            _subscribed = true;
        }

        await RescheduleAsync(cancellationToken);
    }

    /// <summary>Moves the trigger to the earliest due reminder (or removes it when none is due ever).</summary>
    public async Task RescheduleAsync(CancellationToken cancellationToken)
    {
        if (_clustered)
        {
            return;
        }

        Interlocked.Exchange(ref _again, 1);

        // Whoever holds the gate looks again after releasing it, so a request made meanwhile is never lost.
        while (Volatile.Read(ref _again) == 1)
        {
            if (!await _gate.WaitAsync(0, cancellationToken))
            {
                return;
            }

            try
            {
                while (Interlocked.Exchange(ref _again, 0) == 1)
                {
                    var scheduler = await schedulers.GetScheduler(cancellationToken);
                    var earliest = store.EarliestDue();
                    if (earliest is not { } due)
                    {
                        await scheduler.UnscheduleJob(NextKey, cancellationToken);
                        continue;
                    }

                    // Quartz reads the host's TimeProvider too: a time already past fires now, never as a misfire,
                    // which would fire it again and again.
                    var now = time.GetUtcNow();
                    var trigger = TriggerBuilder.Create(time)
                        .WithIdentity(NextKey)
                        .ForJob(ReminderJob.Key)
                        .StartAt(due > now ? due : now)
                        .Build();
                    // Hosts sharing a clustered scheduler move the same trigger: whoever finds none places it, and
                    // one that lost that race moves the one just placed.
                    if (await scheduler.RescheduleJob(NextKey, trigger, cancellationToken) is null)
                    {
                        try
                        {
                            await scheduler.ScheduleJob(trigger, default, cancellationToken);
                        }
                        catch (ObjectAlreadyExistsException)
                        {
                            await scheduler.RescheduleJob(NextKey, trigger, cancellationToken);
                        }
                    }
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    public void Dispose()
    {
        if (_subscribed)
        {
            store.TargetsChanged -= OnChanged;
        }

        _gate.Dispose();
    }

    private void OnChanged() =>
        _ = Task.Run(async () =>
        {
            try
            {
                await RescheduleAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                // The backstop scan still finds what is due.
                failures.Record("reminders", "moving the reminder trigger", e);
                LogFailed(e);
            }
        });

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "Moving the reminder trigger to the next due time failed; the backstop scan finds due reminders")]
    private partial void LogFailed(Exception error);
}
