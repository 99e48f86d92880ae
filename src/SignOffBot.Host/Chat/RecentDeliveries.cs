using System.Collections.Concurrent;

namespace SignOffBot.Host.Chat;

/// <summary>
/// Delivery ids seen in the last minutes. Teams resends an activity it got no answer to within about 15 s and Slack retries events;
/// actions are deduplicated by their delivery id in the store, and this keeps a resent read-only command
/// (status, help, pending) from being answered twice.
/// </summary>
public sealed class RecentDeliveries(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>True the first time an id is seen within the window.</summary>
    public bool FirstTime(string deliveryId)
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

        if (_seen.TryAdd(deliveryId, now))
        {
            return true;
        }

        return _seen.TryGetValue(deliveryId, out var seenAt) && now - seenAt > Window && _seen.TryUpdate(deliveryId, now, seenAt);
    }
}
