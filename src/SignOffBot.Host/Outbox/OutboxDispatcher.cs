using SignOffBot.Core.Notifications;
using SignOffBot.Host.Health;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Storage.Documents;

namespace SignOffBot.Host.Outbox;

/// <summary>
/// Sends what the outbox holds to every platform that is on, after the change that queued it committed.
/// Failures are retried with exponential backoff (or the platform's Retry-After); permanent failures and
/// notices that used up their attempts become dead letters with the last error. A sender or the store failing in a
/// way nobody planned for (a bug, not a failed send) fails that one delivery, which waits for its retry like any other;
/// the dispatcher records it for <c>/healthz</c> and goes on, so no single notice can stop the outbox or the host.
/// </summary>
public sealed partial class OutboxDispatcher(
    LiteDbSignOffStore store,
    IEnumerable<INoticeSender> senders,
    OutboxSignal signal,
    BackgroundFailures failures,
    TimeProvider time,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    public const int MaxAttempts = 8;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan UnreachableRecheck = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LongestRoundBackoff = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _round = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failedRounds = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
                failedRounds = 0;
                await signal.WaitAsync(Poll, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The round itself failed (reading the due messages): wait longer each time, then try again.
                failedRounds++;
                var wait = Backoff(failedRounds) < LongestRoundBackoff ? Backoff(failedRounds) : LongestRoundBackoff;
                failures.Record("outbox", "reading the due messages", e);
                LogRoundFailed(e, failedRounds, wait);
                try
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends every notice that is due now, one round at a time; returns how many were looked at.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken);
        try
        {
            var due = store.DueOutbox(time.GetUtcNow().UtcDateTime, 100);
            var superseded = new HashSet<long>();
            foreach (var message in due)
            {
                if (superseded.Contains(message.Id))
                {
                    continue;
                }

                try
                {
                    await SendAsync(message, superseded, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // Storing the message's new state failed: it stays as stored (waiting) and comes round again.
                    failures.Record("outbox", $"message {message.Id}", e);
                    LogMessageFault(e, message.Id);
                }
            }

            return due.Count;
        }
        finally
        {
            _round.Release();
        }
    }

    private async Task SendAsync(OutboxDocument message, HashSet<long> superseded, CancellationToken cancellationToken)
    {
        Notice notice;
        try
        {
            notice = NoticeJson.Read(message.Notice);
        }
        catch (System.Text.Json.JsonException e)
        {
            // Nothing can ever send it: a dead letter at once, kept for the operator with the reason.
            message.Status = OutboxStatus.Dead;
            message.LastError = $"unreadable notice: {e.Message}";
            LogDeadLetter(message.Id, "any", message.Attempts, "unreadable", message.LastError);
            store.SaveOutbox(message);
            return;
        }

        if (notice is CardRefreshNotice refresh)
        {
            // Card updates coalesce to the newest: older waiting redraws of the same item are marked sent unsent.
            var (newest, older) = store.SupersedeCardRefreshes(refresh.Item);
            foreach (var id in older)
            {
                superseded.Add(id);
                LogSuperseded(id, refresh.Item, newest ?? message.Id);
            }

            if (superseded.Contains(message.Id))
            {
                return;
            }
        }

        foreach (var sender in senders.Where(s => s.IsOn && !message.DonePlatforms.Contains(s.Platform)))
        {
            // A platform that asked us to wait (429 Retry-After) gets nothing until then, from any message.
            if (_pausedUntil.TryGetValue(sender.Platform, out var resume) && resume > time.GetUtcNow())
            {
                LogPaused(message.Id, sender.Platform, resume);
                message.NextAttemptAt = resume.UtcDateTime;
                store.SaveOutbox(message);
                return;
            }

            message.Attempts++;
            LogAttempt(message.Id, notice.GetType().Name, sender.Platform, message.Attempts);
            try
            {
                await sender.SendAsync(notice, cancellationToken);
                message.DonePlatforms.Add(sender.Platform);
                LogSent(message.Id, sender.Platform, message.Attempts);
            }
            catch (DeliveryFailedException e) when (e.NotYetReachable)
            {
                message.Attempts--;
                message.LastError = $"{sender.Platform}: {e.Message}";
                message.NextAttemptAt = (time.GetUtcNow() + UnreachableRecheck).UtcDateTime;
                LogRetryScheduled(message.Id, sender.Platform, message.Attempts + 1, time.GetUtcNow() + UnreachableRecheck, "not reachable yet");
                store.SaveOutbox(message);
                return;
            }
            catch (Exception e) when (e is not DeliveryFailedException && !cancellationToken.IsCancellationRequested)
            {
                // A fault of ours, not the platform's: this delivery waits for a retry with backoff like a failed send.
                message.LastError = $"{sender.Platform}: unexpected {e.GetType().Name}";
                var dead = message.Attempts >= MaxAttempts;
                failures.Record("outbox", $"message {message.Id} ({KindOf(notice)} {ItemOf(notice)}) to {sender.Platform}", e);
                LogSenderFault(e, message.Id, KindOf(notice), ItemOf(notice), sender.Platform, message.Attempts);
                if (dead)
                {
                    message.Status = OutboxStatus.Dead;
                    LogDeadLetter(message.Id, sender.Platform, message.Attempts, "attempts used up", message.LastError);
                }
                else
                {
                    var retryAt = time.GetUtcNow() + Backoff(message.Attempts);
                    message.NextAttemptAt = retryAt.UtcDateTime;
                    LogRetryScheduled(message.Id, sender.Platform, message.Attempts + 1, retryAt, "backoff");
                }

                store.SaveOutbox(message);
                return;
            }
            catch (DeliveryFailedException e)
            {
                message.LastError = $"{sender.Platform}: {e.Message}";
                var dead = e.Permanent || message.Attempts >= MaxAttempts;
                LogFailed(message.Id, sender.Platform, message.Attempts, dead, e.Message);
                if (dead)
                {
                    message.Status = OutboxStatus.Dead;
                    LogDeadLetter(message.Id, sender.Platform, message.Attempts, e.Permanent ? "permanent error" : "attempts used up", message.LastError);
                }
                else
                {
                    var retryAt = time.GetUtcNow() + (e.RetryAfter ?? Backoff(message.Attempts));
                    if (e.RetryAfter is not null)
                    {
                        _pausedUntil[sender.Platform] = retryAt;
                    }

                    message.NextAttemptAt = retryAt.UtcDateTime;
                    LogRetryScheduled(message.Id, sender.Platform, message.Attempts + 1, retryAt, e.RetryAfter is not null ? "Retry-After" : "backoff");
                }

                store.SaveOutbox(message);
                return;
            }
        }

        message.Status = OutboxStatus.Sent;
        message.LastError = null;
        store.SaveOutbox(message);
    }

    private static string KindOf(Notice notice) => notice.GetType().Name.Replace("Notice", "", StringComparison.Ordinal);

    private static string ItemOf(Notice notice) => notice switch
    {
        ReviewRequestNotice n => n.Item,
        CardRefreshNotice n => n.Item,
        ChannelStatusNotice n => n.Item,
        PostCardNotice n => n.Item,
        ReminderNotice n => n.Item,
        OverdueNotice n => n.Item,
        BypassRequestNotice n => $"bypass {n.BypassId}",
        _ => "",
    };

    private static TimeSpan Backoff(int attempts)
    {
        var wait = FirstRetry * Math.Pow(2, Math.Max(0, attempts - 1));
        return wait < LongestRetry ? wait : LongestRetry;
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Outbox message {Id} sent to {Platform} (attempt {Attempt})")]
    private partial void LogSent(long id, string platform, int attempt);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Outbox message {Id} to {Platform} failed (attempt {Attempt}, dead letter: {Dead}): {Error}")]
    private partial void LogFailed(long id, string platform, int attempt, bool dead, string error);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Outbox message {Id} ({Kind}) to {Platform}: attempt {Attempt}")]
    private partial void LogAttempt(long id, string kind, string platform, int attempt);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Outbox message {Id} to {Platform} will be retried at {RetryAt:O} (attempt {NextAttempt}, wait from {Source})")]
    private partial void LogRetryScheduled(long id, string platform, int nextAttempt, DateTimeOffset retryAt, string source);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Outbox message {Id} to {Platform} is a dead letter after {Attempts} attempts ({Reason}): {LastError}")]
    private partial void LogDeadLetter(long id, string platform, int attempts, string reason, string? lastError);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Outbox message {Id} waits: {Platform} asked to pause until {Resume:O}")]
    private partial void LogPaused(long id, string platform, DateTimeOffset resume);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Outbox message {Id} ({Kind} {Item}) to {Platform} failed unexpectedly on attempt {Attempt}; it waits for a retry")]
    private partial void LogSenderFault(Exception error, long id, string kind, string item, string platform, int attempt);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error, Message = "Outbox message {Id} could not be handled; it stays waiting and comes round again")]
    private partial void LogMessageFault(Exception error, long id);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error, Message = "Outbox round failed ({Failures} in a row); the next one in {Wait}")]
    private partial void LogRoundFailed(Exception error, int failures, TimeSpan wait);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Outbox card refresh {Id} of {Item} superseded by newer message {Newest}; not sent")]
    private partial void LogSuperseded(long id, string item, long newest);
}
