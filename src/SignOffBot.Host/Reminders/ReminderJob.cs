using Quartz;

namespace SignOffBot.Host.Reminders;

/// <summary>
/// The reminder job: it wakes the scanner, which finds due reminders through an index, then moves the next-due trigger
/// (<see cref="ReminderClock"/>). The store is the source of truth, so the scheduler's load does not grow with the
/// number of open sign-offs.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class ReminderJob(ReminderScanner scanner, ReminderClock clock, Health.BackgroundFailures failures, ILogger<ReminderJob> log) : IJob
{
    public static readonly JobKey Key = new("reminders", "signoffbot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            scanner.RunDue();
            await clock.RescheduleAsync(cancellationToken);
        }
        catch (Exception e)
        {
            // Reading the due reminders failed: the next scan tries again.
            failures.Record("reminders", "reading the due reminders", e);
            LogScanFailed(e);
        }
    }

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "The reminder scan failed; the next scan tries again")]
    private partial void LogScanFailed(Exception error);
}
