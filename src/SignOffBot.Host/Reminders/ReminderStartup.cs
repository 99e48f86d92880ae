using Microsoft.Extensions.Options;

namespace SignOffBot.Host.Reminders;

/// <summary>Recomputes every due time at start and whenever the reminder settings change.</summary>
public sealed partial class ReminderStartup(ReminderScanner scanner, IOptionsMonitor<ReminderOptions> options, ILogger<ReminderStartup> log) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogRescheduled(scanner.RescheduleAll());
        _subscription = options.OnChange(_ => LogRescheduled(scanner.RescheduleAll()));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscription?.Dispose();

    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Reminder schedule checked: {Changed} due times recomputed")]
    private partial void LogRescheduled(int changed);
}
