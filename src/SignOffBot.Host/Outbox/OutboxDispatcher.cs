using System.Collections.Concurrent;
using System.Diagnostics;
using SignOffBot.Core.Notifications;
using SignOffBot.Host.Health;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Telemetry;

namespace SignOffBot.Host.Outbox;

/// <summary>
/// Sends what the outbox holds, after the change that queued it committed. Each notice is first planned into
/// deliveries, one per platform and target; each delivery then lives on its own: retried with exponential backoff (or
/// the platform's Retry-After, which pauses that platform only), waiting while its target cannot be reached yet, a dead
/// letter after a permanent failure or its last attempt. Deliveries to different targets go out concurrently (bounded),
/// those to one target one at a time and in order, posts into one conversation paced (<see cref="ConversationPacer"/>);
/// a card copy's redraws coalesce to the newest. A sender or the store
/// failing in a way nobody planned for fails that one delivery, which waits for its retry like any other; the
/// dispatcher records it for <c>/healthz</c> and goes on, so no single notice can stop the outbox or the host.
/// Each attempt is a <c>signoffbot.delivery.send</c> span in the trace of the change that queued it, and its outcome
/// (sent, retry, unreachable, dead) one log line and one count.
/// </summary>
public sealed partial class OutboxDispatcher(
    IOutboxStore outbox,
    IUnitOfWork unitOfWork,
    IEnumerable<INoticeSender> senders,
    IEnumerable<IDeliveryRecords> records,
    OutboxSignal signal,
    BackgroundFailures failures,
    TimeProvider time,
    SignOffBotMetrics metrics,
    Microsoft.Extensions.Options.IOptionsMonitor<OutboxOptions> options,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    public const int MaxAttempts = 8;

    /// <summary>Deliveries to different targets sent at once.</summary>
    public const int MaxConcurrentTargets = 8;

    private const int RoundSize = 500;

    /// <summary>Deliveries of one target sent in one round (bounds what a crash could send twice).</summary>
    private const int MostPerLane = 100;
    /// <summary>The dispatcher wakes on every commit that queued notices and at the next planned attempt; this is the backstop.</summary>
    private static readonly TimeSpan Backstop = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan UnreachableRecheck = TimeSpan.FromMinutes(5);

    /// <summary>A delivery whose target stays unreachable this long becomes a dead letter (kept, retriable by the API).</summary>
    public static readonly TimeSpan UnreachableGiveUp = TimeSpan.FromDays(7);
    private static readonly TimeSpan LongestRoundBackoff = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long sends under way may finish once the host stops: a send cut off midway has an unknown outcome and is
    /// sent again after the restart, so a graceful stop lets it complete instead (no new one starts).
    /// </summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _round = new(1, 1);
    private long _sent;
    private readonly IDeliveryRecords[] _records = [.. records.Distinct()];
    private readonly Dictionary<string, INoticeSender> _senders = senders.ToDictionary(s => s.Platform, StringComparer.Ordinal);
    private readonly NoticeTargets _targets = new(senders);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Notices queued from now on become deliveries in the write that queues them, where the store can do that.
        (unitOfWork as IPlansNoticesAtCommit)?.PlanNoticesWith(notice => _targets.Of(notice));
        using var abortSends = new CancellationTokenSource();
        await using var graceOnStop = stoppingToken.Register(() => abortSends.CancelAfter(StopGrace));
        var failedRounds = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var looked = await DispatchAsync(stoppingToken, abortSends.Token);
                failedRounds = 0;
                if (looked < RoundSize)
                {
                    await signal.WaitAsync(UntilNextAttempt(), time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The round itself failed (reading the outbox): wait longer each time, then try again.
                failedRounds++;
                var wait = Backoff(failedRounds) < LongestRoundBackoff ? Backoff(failedRounds) : LongestRoundBackoff;
                failures.Record("outbox", "reading the due deliveries", e);
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

    /// <summary>Deliveries sent (and stored as sent) since the host started.</summary>
    public long SentSinceStart => Interlocked.Read(ref _sent);

    /// <summary>How long until the earliest retry or recheck planned, at most <see cref="Backstop"/>.</summary>
    private TimeSpan UntilNextAttempt()
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (outbox.NextOpenAttempt() is not { } next)
        {
            return Backstop;
        }

        // One that came due while the round ran (a retry, a paced post) goes at once; a short floor keeps a delivery
        // that cannot be stored from turning the loop into a spin.
        var wait = next - now;
        return wait < ShortestWait ? ShortestWait : wait < Backstop ? wait : Backstop;
    }

    /// <summary>Plans the waiting notices and sends every delivery that is due now, one round at a time; returns how many were looked at.</summary>
    public Task<int> DispatchDueAsync(CancellationToken cancellationToken) => DispatchAsync(cancellationToken, cancellationToken);

    /// <param name="stopStarting">Once cancelled, no further delivery is started.</param>
    /// <param name="abortSends">Cancels sends under way.</param>
    private async Task<int> DispatchAsync(CancellationToken stopStarting, CancellationToken abortSends)
    {
        await _round.WaitAsync(stopStarting);
        try
        {
            var planned = PlanWaitingNotices();
            var due = outbox.Claim(time.GetUtcNow().UtcDateTime, options.CurrentValue.ClaimLease, RoundSize);
            using var slots = new SemaphoreSlim(MaxConcurrentTargets);
            await Task.WhenAll(due.GroupBy(d => d.Lane!, StringComparer.Ordinal).Select(lane => SendLaneAsync([.. lane], slots, stopStarting, abortSends)));
            stopStarting.ThrowIfCancellationRequested();
            return planned + due.Count;
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>Turns each waiting notice into its deliveries on the platforms that are on, all in one write.</summary>
    private int PlanWaitingNotices()
    {
        var notices = outbox.UnplannedNotices(RoundSize);
        var plans = new List<NoticePlan>(notices.Count);
        foreach (var record in notices)
        {
            try
            {
                if (Read(record) is not { } notice)
                {
                    continue;
                }

                plans.Add(new NoticePlan(record, NoticeJson.KindOf(notice), NoticeJson.ItemOf(notice), _targets.Of(notice, record.DonePlatforms)));
            }
            catch (Exception e)
            {
                // Stays waiting and is planned again next round.
                failures.Record("outbox", $"planning notice {record.Id}", e);
                LogMessageFault(e, record.Id);
            }
        }

        if (plans.Count == 0)
        {
            return notices.Count;
        }

        var planned = outbox.PlanDeliveries(plans, time.GetUtcNow().UtcDateTime);
        for (var i = 0; i < plans.Count; i++)
        {
            LogPlanned(plans[i].Notice.Id, plans[i].Kind, planned[i].Count, string.Join(", ", planned[i].Select(d => d.Lane)));
        }

        return notices.Count;
    }

    /// <summary>
    /// Sends one target's due deliveries in order; stops at the first that does not go out now. Their new states are
    /// stored together when the lane stops (one write instead of one per message); a crash before that write sends
    /// them again after the restart, at most <see cref="MostPerLane"/> of them.
    /// </summary>
    private async Task SendLaneAsync(List<OutboxMessage> lane, SemaphoreSlim slots, CancellationToken stopStarting, CancellationToken abortSends)
    {
        try
        {
            await slots.WaitAsync(stopStarting);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var changed = new List<OutboxMessage>();
        try
        {
            var first = lane[0];
            if (!_senders.TryGetValue(first.Platform!, out var sender) || !sender.IsOn)
            {
                // A platform turned off since: its deliveries wait for it, looked at again at the backstop.
                foreach (var delivery in lane)
                {
                    delivery.NextAttemptAt = (time.GetUtcNow() + Backstop).UtcDateTime;
                    changed.Add(delivery);
                }

                return;
            }

            if (outbox.OlderOpen(first.Lane!, first.Id) is { } older)
            {
                // An older delivery to this target has not gone out: order first, so these are tried again with it.
                // Behind a target that cannot be reached yet, these wait as unreachable too.
                foreach (var delivery in lane.Where(d => older.Status == OutboxStatus.Unreachable || d.NextAttemptAt < older.NextAttemptAt))
                {
                    if (older.Status == OutboxStatus.Unreachable)
                    {
                        delivery.Status = OutboxStatus.Unreachable;
                        delivery.LastError = older.LastError;
                    }

                    delivery.NextAttemptAt = older.NextAttemptAt;
                    changed.Add(delivery);
                }

                return;
            }

            if (DeliveryTarget.IdOf(first.Target!, DeliveryTarget.CopyPrefix) is not null)
            {
                // One card copy: only its newest redraw is sent (it draws the item as it is now).
                var (newest, superseded) = outbox.SupersedeRedraws(first.Lane!);
                foreach (var id in superseded)
                {
                    LogSuperseded(id, first.Lane!, newest ?? first.Id);
                }

                lane = [.. lane.Where(d => d.Id == newest)];
            }

            var turn = lane.Take(MostPerLane).ToList();
            for (var next = 0; next < turn.Count && !stopStarting.IsCancellationRequested;)
            {
                var group = NextGroup(sender, turn, next);
                next += group.Count;
                bool sent;
                try
                {
                    sent = await SendAsync(sender, group, changed, abortSends);
                }
                catch (OperationCanceledException) when (abortSends.IsCancellationRequested)
                {
                    // Cut off while stopping: it stays waiting and goes out after the restart.
                    return;
                }
                catch (Exception e)
                {
                    // Handling the delivery failed outside its send (reading it): it stays as stored and comes round again.
                    failures.Record("outbox", $"delivery {group[0].Id}", e);
                    LogMessageFault(e, group[0].Id);
                    sent = false;
                }

                if (!sent)
                {
                    return;
                }
            }
        }
        finally
        {
            Save(changed);
            slots.Release();
        }
    }

    /// <summary>
    /// Stores the new states of a lane's deliveries, with what the senders recorded about their sends; when that fails
    /// they stay as stored (waiting) and come round again.
    /// </summary>
    private void Save(List<OutboxMessage> changed)
    {
        var unsaved = _records.Select(r => r.TakeUnsaved()).OfType<UnsavedRecords>().ToList();
        if (changed.Count == 0 && unsaved.Count == 0)
        {
            return;
        }

        try
        {
            unitOfWork.Transact(session =>
            {
                session.UpdateOutbox(changed);
                unsaved.ForEach(u => u.Write(session));
                return changed.Count;
            });
            unsaved.ForEach(u => u.Saved());
            Interlocked.Add(ref _sent, changed.Count(d => d.Status == OutboxStatus.Sent));
        }
        catch (Exception e)
        {
            var ids = string.Join(", ", changed.Select(d => d.Id));
            failures.Record("outbox", $"storing deliveries {ids}", e);
            LogMessageFault(e, changed.Count > 0 ? changed[0].Id : 0);
        }
    }

    /// <summary>
    /// The deliveries sent together from <paramref name="start"/>: one, or a run of at least
    /// <see cref="StatusDigest.FewestLines"/> status lines for one release channel that the platform posts as one
    /// message (a channel with a backlog gets digests instead of a post per line).
    /// </summary>
    private List<OutboxMessage> NextGroup(INoticeSender sender, List<OutboxMessage> turn, int start)
    {
        var group = new List<OutboxMessage> { turn[start] };
        if (sender is not IStatusDigestSender || !IsStatusLine(turn[start], out var first))
        {
            return group;
        }

        var characters = first.Text.Length;
        for (var i = start + 1; i < turn.Count && group.Count < StatusDigest.MostLines; i++)
        {
            if (!IsStatusLine(turn[i], out var line) || characters + line.Text.Length > StatusDigest.MostCharacters)
            {
                break;
            }

            characters += line.Text.Length;
            group.Add(turn[i]);
        }

        return group.Count >= StatusDigest.FewestLines ? group : [turn[start]];
    }

    private static bool IsStatusLine(OutboxMessage delivery, out ChannelStatusNotice line)
    {
        line = null!;
        if (delivery.Kind != NoticeJson.ChannelStatusKind)
        {
            return false;
        }

        try
        {
            line = (ChannelStatusNotice)NoticeJson.Read(delivery.Notice);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// One attempt at one delivery, or at a digest of several (their outcome is the same); true when the next delivery
    /// to the same target may follow: this one went out, had nothing left to do, or is a dead letter (kept for the
    /// operator, it holds nothing back).
    /// </summary>
    /// <param name="changed">Collects the deliveries once their state changed, to be stored with the rest of their lane.</param>
    private async Task<bool> SendAsync(INoticeSender sender, List<OutboxMessage> group, List<OutboxMessage> changed, CancellationToken cancellationToken)
    {
        var delivery = group[0];
        var notices = new List<Notice>(group.Count);
        foreach (var member in group)
        {
            if (Read(member) is not { } read)
            {
                return true;
            }

            notices.Add(read);
        }

        var notice = notices[0];
        var platform = sender.Platform;
        void Each(Action<OutboxMessage> change) => group.ForEach(change);
        if (_pausedUntil.TryGetValue(platform, out var resume) && resume > time.GetUtcNow())
        {
            // The platform asked us to wait (429 Retry-After): its deliveries wait, the other platforms' do not.
            LogPaused(delivery.Id, platform, resume);
            Each(d => d.NextAttemptAt = resume.UtcDateTime);
            changed.AddRange(group);
            return false;
        }

        Each(d => d.Attempts++);
        LogAttempt(delivery.Id, notice.GetType().Name, platform, delivery.Attempts);
        var kind = delivery.Kind ?? NoticeJson.KindOf(notice);
        var item = delivery.Item ?? "";
        using var span = StartSend(group, platform, kind);
        void Outcome(string outcome, int count)
        {
            span?.SetTag(SignOffBotTrace.DeliveryOutcome, outcome);
            if (outcome != DeliveryOutcomes.Sent)
            {
                span?.SetStatus(ActivityStatusCode.Error, outcome);
            }

            metrics.CountDeliveries(count, platform, outcome, kind);
        }

        try
        {
            if (group.Count > 1)
            {
                await ((IStatusDigestSender)sender).SendDigestAsync([.. notices.Cast<ChannelStatusNotice>()], delivery.Target!, cancellationToken);
                LogDigest(delivery.Id, group.Count, platform, delivery.Target!);
            }
            else
            {
                await sender.SendAsync(notice, delivery.Target!, cancellationToken);
            }

            Each(d =>
            {
                d.Status = OutboxStatus.Sent;
                d.LastError = null;
            });
            LogSent(delivery.Id, platform, delivery.Attempts, kind, item);
            Outcome(DeliveryOutcomes.Sent, group.Count);
            changed.AddRange(group);
            return true;
        }
        catch (DeliveryFailedException e) when (e.PacedFor is { } wait)
        {
            // Its conversation was posted to a moment ago: it goes on at its turn; other conversations are not held back.
            Each(d =>
            {
                d.Attempts--;
                d.NextAttemptAt = (time.GetUtcNow() + wait).UtcDateTime;
            });
            LogPaced(delivery.Id, platform, wait);
            span?.SetTag(SignOffBotTrace.DeliveryOutcome, "paced");
        }
        catch (DeliveryFailedException e) when (e.NotYetReachable && time.GetUtcNow().UtcDateTime - delivery.CreatedAt > UnreachableGiveUp)
        {
            Each(d =>
            {
                d.Status = OutboxStatus.Dead;
                d.LastError = $"{platform}: unreachable for {UnreachableGiveUp.TotalDays:0} days: {e.Message}";
            });
            LogDeadLetter(delivery.Id, platform, delivery.Attempts, "unreachable too long", kind, item, delivery.LastError);
            Outcome(DeliveryOutcomes.Dead, group.Count);
            changed.AddRange(group);
            return true;
        }
        catch (DeliveryFailedException e) when (e.NotYetReachable)
        {
            Each(d =>
            {
                d.Attempts--;
                d.Status = OutboxStatus.Unreachable;
                d.LastError = $"{platform}: {e.Message}";
                d.NextAttemptAt = (time.GetUtcNow() + UnreachableRecheck).UtcDateTime;
            });
            LogRetryScheduled(delivery.Id, platform, delivery.Attempts + 1, time.GetUtcNow() + UnreachableRecheck, "not reachable yet", DeliveryOutcomes.Unreachable, kind, item);
            Outcome(DeliveryOutcomes.Unreachable, group.Count);
        }
        catch (DeliveryFailedException e)
        {
            var dead = e.Permanent || delivery.Attempts >= MaxAttempts;
            LogFailed(delivery.Id, platform, delivery.Attempts, dead, e.Message);
            Each(d => d.LastError = $"{platform}: {e.Message}");
            if (dead)
            {
                Each(d => d.Status = OutboxStatus.Dead);
                LogDeadLetter(delivery.Id, platform, delivery.Attempts, e.Permanent ? "permanent error" : "attempts used up", kind, item, delivery.LastError);
                Outcome(DeliveryOutcomes.Dead, group.Count);
                changed.AddRange(group);
                return true;
            }

            var retryAt = time.GetUtcNow() + (e.RetryAfter ?? Backoff(delivery.Attempts));
            if (e.RetryAfter is not null)
            {
                _pausedUntil[platform] = retryAt;
            }

            Each(d =>
            {
                d.Status = OutboxStatus.Waiting;
                d.NextAttemptAt = retryAt.UtcDateTime;
            });
            LogRetryScheduled(delivery.Id, platform, delivery.Attempts + 1, retryAt, e.RetryAfter is not null ? "Retry-After" : "backoff", DeliveryOutcomes.Retry, kind, item);
            Outcome(DeliveryOutcomes.Retry, group.Count);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A fault of ours, not the platform's: these deliveries wait for a retry with backoff like a failed send.
            failures.Record("outbox", $"delivery {delivery.Id} ({delivery.Kind} {item}) to {platform} {delivery.Target}", e);
            LogSenderFault(e, delivery.Id, delivery.Kind ?? "", item, platform, delivery.Attempts);
            Each(d => d.LastError = $"{platform}: unexpected {e.GetType().Name}");
            if (delivery.Attempts >= MaxAttempts)
            {
                Each(d => d.Status = OutboxStatus.Dead);
                LogDeadLetter(delivery.Id, platform, delivery.Attempts, "attempts used up", kind, item, delivery.LastError);
                Outcome(DeliveryOutcomes.Dead, group.Count);
                changed.AddRange(group);
                return true;
            }

            var retryAt = time.GetUtcNow() + Backoff(delivery.Attempts);
            Each(d => d.NextAttemptAt = retryAt.UtcDateTime);
            LogRetryScheduled(delivery.Id, platform, delivery.Attempts + 1, retryAt, "backoff", DeliveryOutcomes.Retry, kind, item);
            Outcome(DeliveryOutcomes.Retry, group.Count);
        }

        changed.AddRange(group);
        return false;
    }

    /// <summary>The stored notice; one that cannot be read is a dead letter at once (nothing could ever send it).</summary>
    private Notice? Read(OutboxMessage record)
    {
        try
        {
            return NoticeJson.Read(record.Notice);
        }
        catch (System.Text.Json.JsonException e)
        {
            record.Status = OutboxStatus.Dead;
            record.LastError = $"unreadable notice: {e.Message}";
            LogDeadLetter(record.Id, record.Platform ?? "any", record.Attempts, "unreadable", record.Kind ?? "", record.Item ?? "", record.LastError);
            if (record.Platform is { } platform)
            {
                metrics.CountDeliveries(1, platform, DeliveryOutcomes.Dead, record.Kind ?? "");
            }

            outbox.Save([record]);
            return null;
        }
    }

    /// <summary>
    /// The span of one attempt, parented by the commit that queued the delivery (its stored trace context); a digest's
    /// other lines are linked to their own commits.
    /// </summary>
    private static Activity? StartSend(List<OutboxMessage> group, string platform, string kind)
    {
        if (!SignOffBotTrace.Spans.HasListeners())
        {
            return null;
        }

        var links = group.Skip(1).Select(d => SignOffBotTrace.ContextOf(d.TraceParent)).Where(c => c != default).Distinct().Select(c => new ActivityLink(c));
        var delivery = group[0];
        var span = SignOffBotTrace.Spans.StartActivity(SignOffBotTrace.SendSpan, ActivityKind.Client, SignOffBotTrace.ContextOf(delivery.TraceParent), links: links);
        span?.SetTag(SignOffBotTrace.Item, delivery.Item);
        span?.SetTag(SignOffBotTrace.Platform, platform);
        span?.SetTag(SignOffBotTrace.DeliveryKind, kind);
        span?.SetTag(SignOffBotTrace.DeliveryId, delivery.Id);
        span?.SetTag(SignOffBotTrace.DeliveryAttempt, delivery.Attempts);
        span?.SetTag(SignOffBotTrace.DeliveryCount, group.Count);
        return span;
    }

    private static TimeSpan Backoff(int attempts)
    {
        var wait = FirstRetry * Math.Pow(2, Math.Max(0, attempts - 1));
        return wait < LongestRetry ? wait : LongestRetry;
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Outbox message {Id} sent to {Platform} (attempt {Attempt}): {Kind} {Item}")]
    private partial void LogSent(long id, string platform, int attempt, string kind, string item);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Outbox message {Id} to {Platform} failed (attempt {Attempt}, dead letter: {Dead}): {Error}")]
    private partial void LogFailed(long id, string platform, int attempt, bool dead, string error);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Outbox message {Id} ({Kind}) to {Platform}: attempt {Attempt}")]
    private partial void LogAttempt(long id, string kind, string platform, int attempt);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Outbox message {Id} to {Platform} will be retried at {RetryAt:O} (attempt {NextAttempt}, wait from {Source}; {Outcome}): {Kind} {Item}")]
    private partial void LogRetryScheduled(long id, string platform, int nextAttempt, DateTimeOffset retryAt, string source, string outcome, string kind, string item);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Outbox message {Id} to {Platform} is a dead letter after {Attempts} attempts ({Reason}; {Kind} {Item}): {LastError}")]
    private partial void LogDeadLetter(long id, string platform, int attempts, string reason, string kind, string item, string? lastError);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Outbox message {Id} waits: {Platform} asked to pause until {Resume:O}")]
    private partial void LogPaused(long id, string platform, DateTimeOffset resume);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Outbox card redraw {Id} of {Lane} superseded by newer message {Newest}; not sent")]
    private partial void LogSuperseded(long id, string lane, long newest);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Outbox message {Id} ({Kind} {Item}) to {Platform} failed unexpectedly on attempt {Attempt}; it waits for a retry")]
    private partial void LogSenderFault(Exception error, long id, string kind, string item, string platform, int attempt);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error, Message = "Outbox message {Id} could not be handled; it stays waiting and comes round again")]
    private partial void LogMessageFault(Exception error, long id);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error, Message = "Outbox round failed ({Failures} in a row); the next one in {Wait}")]
    private partial void LogRoundFailed(Exception error, int failures, TimeSpan wait);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "Outbox message {Id} to {Platform} waits {Wait} for its conversation's pace")]
    private partial void LogPaced(long id, string platform, TimeSpan wait);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Debug, Message = "Outbox message {Id} and the {Count} status lines after it went to {Platform} {Target} as one message")]
    private partial void LogDigest(long id, int count, string platform, string target);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Outbox notice {Id} ({Kind}) planned into {Count} deliveries: {Lanes}")]
    private partial void LogPlanned(long id, string kind, int count, string lanes);
}
