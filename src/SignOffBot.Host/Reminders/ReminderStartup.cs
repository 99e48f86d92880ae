using Microsoft.Extensions.Options;

namespace SignOffBot.Host.Reminders;

/// <summary>Recomputes every due time at start and whenever the reminder settings change.</summary>
public sealed partial class ReminderStartup(
    ReminderScanner scanner,
    ReminderClock clock,
    IOptionsMonitor<ReminderOptions> options,
    Health.BackgroundFailures failures,
    ILogger<ReminderStartup> log) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // At start a failure stops the host (the store is not usable); later ones are recorded and the host goes on.
        // Reminders that came due while the host was down fire right after start, once each.
        LogRescheduled(scanner.RescheduleAll());
        await clock.StartAsync(cancellationToken);
        _subscription = options.OnChange(_ => RescheduleAfterChange());
    }

    private void RescheduleAfterChange()
    {
        try
        {
            LogRescheduled(scanner.RescheduleAll());
        }
        catch (Exception e)
        {
            failures.Record("reminders", "rescheduling after a settings change", e);
            LogRescheduleFailed(e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscription?.Dispose();

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Recomputing the reminder due times after a settings change failed; the earlier times stay")]
    private partial void LogRescheduleFailed(Exception error);

    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Reminder schedule checked: {Changed} due times recomputed")]
    private partial void LogRescheduled(int changed);
}
