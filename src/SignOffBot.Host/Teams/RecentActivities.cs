using System.Collections.Concurrent;

namespace SignOffBot.Host.Teams;

/// <summary>
/// Activity ids seen in the last minutes. Teams resends an activity it got no answer to within about 15 s;
/// actions are deduplicated by their delivery id in the store, and this keeps a resent read-only command
/// (status, help, pending) from being answered twice.
/// </summary>
public sealed class RecentActivities(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>True the first time an id is seen within the window.</summary>
    public bool FirstTime(string activityId)
    {
        var now = time.GetUtcNow();
        if (_seen.Count > 10_000)
        {
            foreach (var (id, at) in _seen)
            {
                if (now - at > Window)
                {
                    _seen.TryRemove(id, out _);
                }
            }
        }

        if (_seen.TryAdd(activityId, now))
        {
            return true;
        }

        return _seen.TryGetValue(activityId, out var seenAt) && now - seenAt > Window && _seen.TryUpdate(activityId, now, seenAt);
    }
}
