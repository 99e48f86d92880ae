using System.Diagnostics.Metrics;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Reminders;

namespace SignOffBot.Host.Telemetry;

/// <summary>
/// The open review slots (each with the moment its overdue notice is due) and the open post-incident reviews, kept in
/// memory from committed actions, so a metrics collection reads no store. The first collection loads them once (the
/// open items through their index, the granted bypasses); until then nothing is kept, so a host whose metrics are not
/// collected pays nothing. A slot's overdue moment is computed when its item last changed, under the reminder settings
/// and directory of that moment.
/// </summary>
public sealed class OpenWork(ISignOffStore store, IGovernanceSource governance, TimeProvider time, ReminderPlanner planner)
{
    private readonly Lock _gate = new();
    private readonly Lock _load = new();
    private readonly Dictionary<string, IReadOnlyList<OpenSlot>> _slots = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reviews = new(StringComparer.Ordinal);

    // Keys changed by commits while the load ran: the load's older copy of them is not taken.
    private HashSet<string>? _changedWhileLoading;
    private volatile bool _loading;
    private volatile bool _loaded;

    /// <summary>An item as just committed: its open slots replace the ones kept.</summary>
    public void Changed(Item item)
    {
        if (!_loading && !_loaded)
        {
            // Not collected (yet): a later first load reads this commit from the store.
            return;
        }

        var key = item.Key.ToString();
        var open = SlotsOf(item);
        lock (_gate)
        {
            if (!Track(key))
            {
                return;
            }

            if (open.Count > 0)
            {
                _slots[key] = open;
            }
            else
            {
                _slots.Remove(key);
            }
        }
    }

    /// <summary>A bypass as just committed: counted while granted with its post-incident review open.</summary>
    public void Changed(Bypass bypass)
    {
        lock (_gate)
        {
            if (!Track(BypassKey(bypass.Id)))
            {
                return;
            }

            if (IsOpenReview(bypass))
            {
                _reviews.Add(bypass.Id);
            }
            else
            {
                _reviews.Remove(bypass.Id);
            }
        }
    }

    public IEnumerable<Measurement<long>> OpenSlots()
    {
        EnsureLoaded();
        lock (_gate)
        {
            return Count(_slots.Values.SelectMany(s => s));
        }
    }

    public IEnumerable<Measurement<long>> OverdueSlots()
    {
        EnsureLoaded();
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return Count(_slots.Values.SelectMany(s => s).Where(s => s.OverdueAt <= now));
        }
    }

    public Measurement<long> OpenIncidentReviews()
    {
        EnsureLoaded();
        lock (_gate)
        {
            return new Measurement<long>(_reviews.Count);
        }
    }

    /// <summary>Whether a change to <paramref name="key"/> is kept now (nothing is before the first load starts).</summary>
    private bool Track(string key)
    {
        if (_loading)
        {
            _changedWhileLoading!.Add(key);
        }

        return _loading || _loaded;
    }

    private void EnsureLoaded()
    {

        lock (_load)
        {
            if (_loaded)
            {
                return;
            }

            lock (_gate)
            {
                _loading = true;
                _changedWhileLoading = new(StringComparer.Ordinal);
            }

            try
            {
                var items = store.OpenItems().Select(i => (Key: i.Key.ToString(), Slots: SlotsOf(i))).Where(i => i.Slots.Count > 0).ToList();
                var reviews = store.OpenIncidentReviews().Select(b => b.Id).ToList();
                lock (_gate)
                {
                    foreach (var (key, slots) in items.Where(i => !_changedWhileLoading!.Contains(i.Key)))
                    {
                        _slots[key] = slots;
                    }

                    _reviews.UnionWith(reviews.Where(id => !_changedWhileLoading!.Contains(BypassKey(id))));
                    _loaded = true;
                }
            }
            finally
            {
                lock (_gate)
                {
                    _loading = false;
                    _changedWhileLoading = null;
                    if (!_loaded)
                    {
                        // The load failed: what commits added meanwhile is dropped too, and the next collection loads again.
                        _slots.Clear();
                        _reviews.Clear();
                    }
                }
            }
        }
    }

    /// <summary>
    /// The slots of an open sign-off waiting for an answer: each requested feedback category nobody has answered since
    /// its request, and the final approval once requested; each overdue when its first overdue notice is due.
    /// </summary>
    private List<OpenSlot> SlotsOf(Item item)
    {
        var signOff = item.SignOff;
        if (!signOff.IsOpen)
        {
            return [];
        }

        var risk = WireNames.Of(item.Risk);
        var targets = ReminderPlanner.TargetsOf(item, governance.Current);
        var slots = signOff.Feedback.Where(signOff.AwaitsAnswer)
            .Select(s => new OpenSlot(s.Category, risk, OverdueAt(targets, ReminderKind.Feedback, s.Category)))
            .ToList();
        if (signOff.State == SignOffState.FinalApprovalRequested && signOff.Final.Decision is null)
        {
            slots.Add(new OpenSlot(SlotNames.Final, risk, OverdueAt(targets, ReminderKind.Final, SlotNames.Final)));
        }

        return slots;
    }

    // After MaxCount reminders the next thing due for a target is its escalation: the overdue notice.
    private DateTimeOffset? OverdueAt(IReadOnlyList<ReminderTarget> targets, ReminderKind kind, string slot) => targets
        .Where(t => t.Kind == kind && t.Slot == slot)
        .Select(t => planner.NextDue(t, planner.Settings.MaxCount))
        .Min();

    private static bool IsOpenReview(Bypass bypass) => bypass.Status == BypassStatus.Granted && bypass.Review is { IsOpen: true };

    private static string BypassKey(string id) => Bypass.CardKey(id);

    /// <summary>
    /// A count for every configured category (and final) at every risk level, 0 where nothing is open, so a series
    /// drops to 0 instead of vanishing at its last value; and for a category no longer configured while it has open slots.
    /// </summary>
    private List<Measurement<long>> Count(IEnumerable<OpenSlot> slots)
    {
        var counts = slots.GroupBy(s => (s.Category, s.Risk)).ToDictionary(g => g.Key, g => g.Count());
        var configured = governance.Current.Projects.SelectMany(p => p.Feedback.Select(f => f.Category)).Append(SlotNames.Final)
            .Distinct(StringComparer.Ordinal)
            .SelectMany(category => Enum.GetValues<RiskLevel>().Select(risk => (category, WireNames.Of(risk))));
        return [.. counts.Keys.Union(configured).Select(k => new Measurement<long>(counts.GetValueOrDefault(k), new("category", k.Item1), new("risk", k.Item2)))];
    }

    private sealed record OpenSlot(string Category, string Risk, DateTimeOffset? OverdueAt);
}
