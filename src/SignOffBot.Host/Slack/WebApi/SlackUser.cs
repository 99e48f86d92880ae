using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace SignOffBot.Host.Slack.WebApi;

/// <summary>
/// A Slack user as <c>users.info</c> gives it. <see cref="Name"/> is the real name, else the display name, else the
/// handle; <see cref="Email"/> is lower-case (the directory's key) and null without the <c>users:read.email</c> scope.
/// </summary>
public sealed record SlackUser(string Id, string Name, string? Email)
{
    /// <summary>IANA time zone, e.g. <c>Europe/Berlin</c>; null when Slack gave none.</summary>
    public string? TimeZone { get; init; }

    public bool IsBot { get; init; }

    /// <summary>A deactivated account.</summary>
    public bool Deleted { get; init; }
}

/// <summary>
/// The <c>users.info</c> answers of the last <see cref="Lifetime"/>, per user id, in memory (a singleton: the typed
/// <see cref="SlackApiClient"/> itself is transient). Expiry is read from the <see cref="TimeProvider"/>.
/// </summary>
public sealed class SlackUserCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>Above this many entries a store first drops the expired ones.</summary>
    private const int Tidy = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string userId, [NotNullWhen(true)] out SlackUser? user)
    {
        if (_entries.TryGetValue(userId, out var entry) && time.GetUtcNow() < entry.Expires)
        {
            user = entry.User;
            return true;
        }

        user = null;
        return false;
    }

    public void Store(SlackUser user)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= Tidy)
        {
            foreach (var (id, entry) in _entries)
            {
                if (now >= entry.Expires)
                {
                    _entries.TryRemove(id, out _);
                }
            }
        }

        _entries[user.Id] = new Entry(user, now + Lifetime);
    }

    /// <summary>Forgets one user (e.g. after a profile change event), or everyone.</summary>
    public void Forget(string? userId = null)
    {
        if (userId is null)
        {
            _entries.Clear();
        }
        else
        {
            _entries.TryRemove(userId, out _);
        }
    }

    private sealed record Entry(SlackUser User, DateTimeOffset Expires);
}
