using Microsoft.Extensions.Options;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Health;

namespace SignOffBot.Host.Outbox;

/// <summary>
/// Keeps the outbox from growing for ever: once an hour (and right after start) it removes the messages that are done,
/// deliveries sent and notices planned, once they are older than <see cref="OutboxOptions.KeepDone"/>. Open deliveries
/// and dead letters stay whatever their age. Batches are small, so the single writer is never held for long; hosts
/// sharing a database may all run it (each skips what another is removing).
/// </summary>
public sealed partial class OutboxCleanup(
    IOutboxStore outbox,
    IOptionsMonitor<OutboxOptions> options,
    TimeProvider time,
    BackgroundFailures failures,
    ILogger<OutboxCleanup> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromHours(1);

    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                RemoveDone(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures.Record("outbox", "removing done messages", e);
                LogFailed(e);
            }

            try
            {
                await Task.Delay(Every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Removes every done message older than the retention, a batch at a time; returns how many.</summary>
    public int RemoveDone(CancellationToken stoppingToken)
    {
        var keep = options.CurrentValue.KeepDone;
        var before = time.GetUtcNow().UtcDateTime - keep;
        var removed = 0;
        int batch;
        do
        {
            stoppingToken.ThrowIfCancellationRequested();
            batch = outbox.RemoveDone(before, Batch);
            removed += batch;
        }
        while (batch == Batch);

        if (removed > 0)
        {
            LogRemoved(removed, keep);
        }

        return removed;
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Outbox: removed {Count} done messages (sent deliveries, planned notices) older than {Keep}")]
    private partial void LogRemoved(int count, TimeSpan keep);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Error, Message = "Outbox: removing done messages failed; trying again in an hour")]
    private partial void LogFailed(Exception error);
}
