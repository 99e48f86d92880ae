using System.Collections.Concurrent;
using SignOffBot.Core.Conversations;

namespace SignOffBot.Host.Outbox;

/// <summary>
/// Keeps posts into one conversation (a Slack channel or DM, a Teams chat or channel) apart by the platform's pace, so
/// a burst stays within the per-conversation rate limits instead of meeting 429s. A post that comes too soon is not
/// waited for here: it fails as <see cref="DeliveryFailedException.Paced"/> and the outbox tries it again when its turn
/// comes, while other conversations go on.
/// </summary>
public sealed class ConversationPacer(TimeProvider time, Microsoft.Extensions.Options.IOptionsMonitor<OutboxOptions> options)
{
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastPost = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _claims;

    /// <summary>Claims the next Slack post into <paramref name="conversation"/>, or throws when it is too soon.</summary>
    public void ClaimSlack(string conversation) => Claim(ChatPlatform.Slack, conversation, options.CurrentValue.SlackPace);

    /// <summary>Claims the next Teams post into <paramref name="conversation"/>, or throws when it is too soon.</summary>
    public void ClaimTeams(string conversation) => Claim(ChatPlatform.Teams, conversation, options.CurrentValue.TeamsPace);

    private void Claim(string platform, string conversation, TimeSpan pace)
    {
        if (pace <= TimeSpan.Zero)
        {
            return;
        }

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
