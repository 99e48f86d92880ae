using Microsoft.Extensions.Options;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Api;

/// <summary>
/// Deploy-checks held open (<c>GET /api/v1/deploy-check?…&amp;wait=&lt;seconds&gt;</c>) until the answer is
/// <c>allowed</c> or differs from the one at the start (its decision, whether a <c>warning</c> is confirmed, whether the
/// sign-off is locked by a rejection or abandonment), or the time is up. Between the start and the end the answer is only looked at (<see cref="DeployService.Peek"/>, recorded
/// nowhere); the end is one ordinary check, recorded in the audit trail before it is answered. A look is taken at once
/// after a commit of this host that touches the item (<see cref="ISignOffStore.ItemsChanged"/>), and every
/// <see cref="PollEvery"/> anyway: for commits of other hosts on a shared store, and for answers that change with time
/// alone (an approval or a bypass expiring). The time limit is on the host's clock; the look-ups' pace on the system's.
/// Bounded: <see cref="ApiOptions.MaxWaitsPerKey"/> per key, <see cref="ApiOptions.MaxWaits"/> in all.
/// </summary>
public sealed partial class HeldDeployChecks : IDisposable
{
    public const int MostSeconds = 900;

    /// <summary>How often a held check looks anyway (unless a <see cref="HeldCheckPace"/> is registered: tests).</summary>
    public static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

    /// <summary>When to ask again after a 429 or a 503.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly DeployService _deploys;
    private readonly ISignOffStore _store;
    private readonly IOptionsMonitor<ApiOptions> _options;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<HeldDeployChecks> _log;
    private readonly TimeSpan _pollEvery;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Hold>> _byItem = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private int _held;

    public HeldDeployChecks(
        DeployService deploys,
        ISignOffStore store,
        IOptionsMonitor<ApiOptions> options,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<HeldDeployChecks> log,
        HeldCheckPace? pace = null)
    {
        _pollEvery = pace?.PollEvery ?? PollEvery;
        _deploys = deploys;
        _store = store;
        _options = options;
        _time = time;
        _lifetime = lifetime;
        _log = log;
        _store.ItemsChanged += OnItemsChanged;
    }

    /// <summary>Checks held by this host now (all keys).</summary>
    public int Held
    {
        get
        {
            lock (_gate)
            {
                return _held;
            }
        }
    }

    /// <summary>
    /// Holds a check of <paramref name="key"/> on <paramref name="infrastructure"/> for at most <paramref name="wait"/>,
    /// for the API key named <paramref name="keyName"/>; <paramref name="clientGone"/> ends it without an answer.
    /// </summary>
    public async Task<HeldCheck> CheckAsync(
        ItemKey key, string infrastructure, TimeSpan wait, ActionContext context, string keyName, CancellationToken clientGone)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(clientGone, _lifetime.ApplicationStopping);
        bool timedOut;
        var started = _time.GetUtcNow();
        using (var timers = CancellationTokenSource.CreateLinkedTokenSource(ended.Token))
        {
            // The time limit runs from before the hold is counted (Held), so whoever sees it held sees its clock running.
            var timeUp = Task.Delay(wait, _time, timers.Token);
            if (Take(key, keyName) is not { } hold)
            {
                await timers.CancelAsync();
                return Refuse(keyName);
            }

            try
            {
                timedOut = await WaitForChangeAsync(hold, key, infrastructure, started + wait, timeUp, timers.Token);
            }
            finally
            {
                // The time limit's timer goes with the wait, not at its deadline.
                await timers.CancelAsync();
                Release(hold, keyName);
            }
        }

        if (ended.IsCancellationRequested)
        {
            var gone = clientGone.IsCancellationRequested;
            LogEnded(key.ToString(), infrastructure, gone ? "the client went away" : "the host is stopping");
            return gone ? new HeldCheck.Abandoned() : new HeldCheck.Stopping();
        }

        var result = _deploys.CheckAudited(key, infrastructure, context);
        // Timed out, it was held its whole wait: the timer may end a hair before the wall clock has moved on as far.
        var waited = timedOut ? (int)wait.TotalSeconds : (int)Math.Max(0, (_time.GetUtcNow() - started).TotalSeconds);
        return new HeldCheck.Answered(result, waited, timedOut);
    }

    public void Dispose() => _store.ItemsChanged -= OnItemsChanged;

    /// <summary>
    /// Looks until the answer is allowed, refused or changed (false), or the time is up (true), or
    /// <paramref name="ended"/> (the caller sees it).
    /// </summary>
    private async Task<bool> WaitForChangeAsync(Hold hold, ItemKey key, string infrastructure, DateTimeOffset deadline, Task timeUp, CancellationToken ended)
    {
        using var poll = new PeriodicTimer(_pollEvery, TimeProvider.System);
        Task? tick = null;
        Standing? first = null;
        while (!ended.IsCancellationRequested)
        {
            // Armed before the look: a commit while looking wakes the next wait at once instead of being missed.
            var woken = hold.Arm();
            if (_deploys.Peek(key, infrastructure) is not { Outcome: not Outcome.Refused, Value: { } answer })
            {
                return false;
            }

            var standing = Standing.Of(answer);
            first ??= standing;
            if (answer.Decision == DeployDecision.Allowed || standing != first)
            {
                return false;
            }

            if (timeUp.IsCompletedSuccessfully || _time.GetUtcNow() >= deadline)
            {
                return true;
            }

            tick ??= poll.WaitForNextTickAsync(ended).AsTask();
            await Task.WhenAny(woken, tick, timeUp);
            if (tick.IsCompleted)
            {
                tick = null;
            }
        }

        return false;
    }

    private Hold? Take(ItemKey key, string keyName)
    {
        var limits = _options.CurrentValue;
        lock (_gate)
        {
            if (_held >= limits.MaxWaits || _byKey.GetValueOrDefault(keyName) >= limits.MaxWaitsPerKey)
            {
                return null;
            }

            var hold = new Hold(key.ToString());
            _held++;
            _byKey[keyName] = _byKey.GetValueOrDefault(keyName) + 1;
            if (!_byItem.TryGetValue(hold.Item, out var holds))
            {
                _byItem[hold.Item] = holds = [];
            }

            holds.Add(hold);
            return hold;
        }
    }

    private HeldCheck.Full Refuse(string keyName)
    {
        var limits = _options.CurrentValue;
        int ofKey;
        int all;
        lock (_gate)
        {
            ofKey = _byKey.GetValueOrDefault(keyName);
            all = _held;
        }

        var after = $"nothing was checked or recorded. Try again in {RetryAfter.TotalSeconds:0} s, or ask without wait.";
        if (ofKey >= limits.MaxWaitsPerKey)
        {
            LogFull(keyName, ofKey, $"{ApiOptions.Section}:{nameof(ApiOptions.MaxWaitsPerKey)}");
            return new HeldCheck.Full(
                $"This key ('{keyName}') already holds {ofKey} waiting deploy-checks, the most {ApiOptions.Section}:{nameof(ApiOptions.MaxWaitsPerKey)} allows; {after}");
        }

        LogFull(keyName, all, $"{ApiOptions.Section}:{nameof(ApiOptions.MaxWaits)}");
        return new HeldCheck.Full(
            $"This host already holds {all} waiting deploy-checks, the most {ApiOptions.Section}:{nameof(ApiOptions.MaxWaits)} allows for every key together; {after}");
    }

    private void Release(Hold hold, string keyName)
    {
        lock (_gate)
        {
            _held--;
            if (--_byKey[keyName] == 0)
            {
                _byKey.Remove(keyName);
            }

            var holds = _byItem[hold.Item];
            holds.Remove(hold);
            if (holds.Count == 0)
            {
                _byItem.Remove(hold.Item);
            }
        }
    }

    // On the committing thread: only wakes the holds, which look on their own threads.
    private void OnItemsChanged(IReadOnlyCollection<ItemKey> keys)
    {
        lock (_gate)
        {
            foreach (var key in keys)
            {
                if (_byItem.TryGetValue(key.ToString(), out var holds))
                {
                    holds.ForEach(h => h.Wake());
                }
            }
        }
    }

    /// <summary>
    /// What a held check waits to see change. Not the reason nor the state as such: a feedback answer while the final
    /// approval is still missing changes both, and would only send the pipeline to ask again.
    /// </summary>
    private readonly record struct Standing(DeployDecision Decision, bool Confirmed, bool Locked)
    {
        public static Standing Of(DeployAnswer answer) =>
            new(answer.Decision, answer.Confirmation is not null, answer.State is SignOffState.Rejected or SignOffState.Abandoned);
    }

    /// <summary>One held check: its item, and the signal that wakes it.</summary>
    private sealed class Hold(string item)
    {
        private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Item => item;

        /// <summary>A task that completes at the next <see cref="Wake"/>.</summary>
        public Task Arm()
        {
            var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _signal, fresh);
            return fresh.Task;
        }

        public void Wake() => Volatile.Read(ref _signal).TrySetResult();
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "A held deploy-check for key {KeyName} was refused: {Held} held already, the most {Option} allows")]
    private partial void LogFull(string keyName, int held, string option);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "A held deploy-check of {Item} on {Infrastructure} ended unanswered, nothing recorded: {Why}")]
    private partial void LogEnded(string item, string infrastructure, string why);
}
