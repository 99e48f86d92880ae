using LiteDB;
using SignOffBot.Core.Notifications;

namespace SignOffBot.Host.Storage;

/// <summary>
/// The outbox's open messages (notices not planned yet, deliveries waiting or unreachable) and its dead letters, as the
/// store's only writer knows them: what the dispatcher asks on every round (what is due, which notices wait, the next
/// attempt, an older open delivery of a lane) and the counts are answered here instead of by a scan of the open
/// messages in the file, which grew with the backlog and was asked once per lane per round. Read from the file on first
/// use, then changed by each commit's outbox writes once the commit is in (a rolled-back write never shows). Thread-safe:
/// the writer applies, the dispatcher and the health endpoints read.
/// </summary>
internal sealed class OpenOutbox(LiteDatabase db)
{
    private readonly Lock _lock = new();
    private SortedDictionary<long, OutboxEntry>? _open;
    private readonly Dictionary<string, SortedSet<long>> _lanes = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string?> _dead = [];
    private int _unplanned;

    /// <summary>Whether any notice waits to be planned (then new ones wait behind it, to keep each lane's order).</summary>
    public bool HasUnplanned
    {
        get
        {
            lock (_lock)
            {
                _ = Open;
                return _unplanned > 0;
            }
        }
    }

    /// <summary>Applies a commit's outbox writes, in the order they were made.</summary>
    public void Apply(IReadOnlyList<OutboxEntry> written)
    {
        if (written.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            // Not read yet: the first read will find these in the file.
            if (_open is null)
            {
                return;
            }

            foreach (var entry in written)
            {
                Set(_open, entry);
            }
        }
    }

    /// <summary>Notices not planned yet, oldest first.</summary>
    public List<long> Unplanned(int max) => Choose(IsUnplanned, max);

    /// <summary>Deliveries whose next attempt is due, oldest first.</summary>
    public List<long> Due(DateTime now, int max) => Choose(e => e.Platform is not null && e.NextAttemptAt <= now, max);

    /// <summary>The earliest next attempt of an open delivery, or null when there is none.</summary>
    public DateTime? NextAttempt()
    {
        lock (_lock)
        {
            DateTime? earliest = null;
            foreach (var entry in Open.Values)
            {
                if (entry.Platform is not null && (earliest is null || entry.NextAttemptAt < earliest))
                {
                    earliest = entry.NextAttemptAt;
                }
            }

            return earliest;
        }
    }

    /// <summary>The oldest open message of <paramref name="lane"/> before <paramref name="id"/>, if any.</summary>
    public long? OlderInLane(string lane, long id)
    {
        lock (_lock)
        {
            _ = Open;
            return _lanes.TryGetValue(lane, out var ids) && ids.Min is var oldest && oldest < id ? oldest : null;
        }
    }

    /// <summary>The waiting messages of <paramref name="lane"/>, oldest first.</summary>
    public List<long> WaitingInLane(string lane)
    {
        lock (_lock)
        {
            var open = Open;
            return _lanes.TryGetValue(lane, out var ids)
                ? [.. ids.Where(id => open[id].Status == OutboxStatus.Waiting)]
                : [];
        }
    }

    /// <summary>Deliveries waiting (with notices not planned yet), unreachable and dead, in all and per platform.</summary>
    public OutboxCounts Counts()
    {
        lock (_lock)
        {
            var all = Open.Values.Select(e => (e.Platform, e.Status)).Concat(_dead.Values.Select(platform => (Platform: platform, Status: OutboxStatus.Dead))).ToList();
            var platforms = all.Where(d => d.Platform is not null)
                .GroupBy(d => d.Platform!, StringComparer.Ordinal)
                .ToDictionary(
                    g => g.Key,
                    g => new PlatformOutboxCounts(g.Count(d => d.Status == OutboxStatus.Waiting), g.Count(d => d.Status == OutboxStatus.Unreachable), g.Count(d => d.Status == OutboxStatus.Dead)),
                    StringComparer.Ordinal);
            return new OutboxCounts(
                all.Count(d => d.Status == OutboxStatus.Waiting),
                all.Count(d => d.Status == OutboxStatus.Unreachable),
                all.Count(d => d.Status == OutboxStatus.Dead),
                platforms);
        }
    }

    private List<long> Choose(Func<OutboxEntry, bool> chosen, int max)
    {
        lock (_lock)
        {
            return [.. Open.Values.Where(chosen).Take(max).Select(e => e.Id)];
        }
    }

    // Under the lock.
    private SortedDictionary<long, OutboxEntry> Open
    {
        get
        {
            if (_open is { } open)
            {
                return open;
            }

            open = [];
            var found = db.GetCollection(LiteDbSetup.Outbox).Query()
                .Where(Query.In(nameof(OutboxMessage.Status), OutboxStatus.Waiting, OutboxStatus.Unreachable, OutboxStatus.Dead))
                .Select($"{{ _id: $._id, {nameof(OutboxMessage.Status)}: $.{nameof(OutboxMessage.Status)}, {nameof(OutboxMessage.Platform)}: $.{nameof(OutboxMessage.Platform)}, {nameof(OutboxMessage.Lane)}: $.{nameof(OutboxMessage.Lane)}, {nameof(OutboxMessage.NextAttemptAt)}: $.{nameof(OutboxMessage.NextAttemptAt)} }}")
                .ToEnumerable();
            foreach (var d in found)
            {
                Set(open, new OutboxEntry(
                    d["_id"].AsInt64,
                    d[nameof(OutboxMessage.Status)].AsString,
                    TextOf(d[nameof(OutboxMessage.Platform)]),
                    TextOf(d[nameof(OutboxMessage.Lane)]),
                    d[nameof(OutboxMessage.NextAttemptAt)].AsDateTime.ToUniversalTime()));
            }

            return _open = open;
        }
    }

    private static bool IsUnplanned(OutboxEntry entry) => entry.Platform is null && entry.Status == OutboxStatus.Waiting;

    private static string? TextOf(BsonValue value) => value.IsString ? value.AsString : null;

    private void Set(SortedDictionary<long, OutboxEntry> open, OutboxEntry entry)
    {
        if (open.Remove(entry.Id, out var before))
        {
            _unplanned -= IsUnplanned(before) ? 1 : 0;
            if (before.Lane is { } lane && _lanes.TryGetValue(lane, out var ids))
            {
                ids.Remove(entry.Id);
                if (ids.Count == 0)
                {
                    _lanes.Remove(lane);
                }
            }
        }

        _dead.Remove(entry.Id);
        if (entry.Status is OutboxStatus.Waiting or OutboxStatus.Unreachable)
        {
            open[entry.Id] = entry;
            _unplanned += IsUnplanned(entry) ? 1 : 0;
            if (entry.Lane is { } newLane)
            {
                if (!_lanes.TryGetValue(newLane, out var laneIds))
                {
                    _lanes[newLane] = laneIds = [];
                }

                laneIds.Add(entry.Id);
            }
        }
        else if (entry.Status == OutboxStatus.Dead)
        {
            _dead[entry.Id] = entry.Platform;
        }
    }
}

/// <summary>What <see cref="OpenOutbox"/> keeps of an outbox message, as written.</summary>
internal readonly record struct OutboxEntry(long Id, string Status, string? Platform, string? Lane, DateTime NextAttemptAt)
{
    /// <summary>The message as the file holds it: its next attempt in UTC, to the millisecond (as LiteDB stores times).</summary>
    public static OutboxEntry Of(OutboxMessage message)
    {
        var utc = message.NextAttemptAt.Kind == DateTimeKind.Utc ? message.NextAttemptAt : message.NextAttemptAt.ToUniversalTime();
        return new(message.Id, message.Status, message.Platform, message.Lane, new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc));
    }
}
