using Quartz;

namespace SignOffBot.Host.Reminders;

/// <summary>
/// The one recurring Quartz job: it only wakes the scanner, which finds due reminders through an index. The store is
/// the source of truth, so the scheduler's load does not grow with the number of open sign-offs.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReminderJob(ReminderScanner scanner) : IJob
{
    public static readonly JobKey Key = new("reminders", "signoffbot");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        scanner.RunDue();
        return ValueTask.CompletedTask;
    }
}
