using System.Collections.Concurrent;

namespace SignOffBot.Host.Outbox;

/// <summary>
/// Keeps posts into one conversation (a Slack channel or DM, a Teams chat or channel) apart by the platform's pace, so
/// a burst stays within the per-conversation rate limits instead of meeting 429s. A post that comes too soon is not
/// waited for here: it fails as <see cref="DeliveryFailedException.Paced"/> and the outbox tries it again when its turn
/// comes, while other conversations go on.
/// </summary>
public sealed class ConversationPacer(TimeProvider time)
{
    /// <summary>Slack allows about one message per second in a channel (a DM included).</summary>
    public static readonly TimeSpan SlackPace = TimeSpan.FromSeconds(1);

    /// <summary>Teams allows a bot about 60 messages per 30 s in one conversation, and 7 per second: two per second keeps within both.</summary>
    public static readonly TimeSpan TeamsPace = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastPost = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _claims;

    /// <summary>Claims the next post into <paramref name="conversation"/> of <paramref name="platform"/>, or throws when it is too soon.</summary>
    public void Claim(string platform, string conversation, TimeSpan pace)
    {
        var key = $"{platform}:{conversation}";
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_lastPost.TryGetValue(key, out var last) && last + pace > now)
            {
                throw DeliveryFailedException.Paced($"{platform} conversation {conversation} was posted to {(now - last).TotalMilliseconds:0} ms ago", last + pace - now);
            }

            _lastPost[key] = now;
            if (++_claims % 1000 == 0)
            {
                foreach (var (old, at) in _lastPost)
                {
                    if (at < now - Forget)
                    {
                        _lastPost.TryRemove(old, out _);
                    }
                }
            }
        }
    }
}
