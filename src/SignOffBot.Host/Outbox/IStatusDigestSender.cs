using SignOffBot.Core.Notifications;

namespace SignOffBot.Host.Outbox;

/// <summary>
/// A platform that can post several status lines of one release channel as one message. When a channel has a backlog
/// of at least <see cref="StatusDigest.FewestLines"/> lines (a burst of decisions that the channel's pace holds back)
/// they go out as digests in their order instead of one post per line, so the channel stays readable and within its
/// rate limit; smaller backlogs keep one post per line, in each item's thread.
/// </summary>
public interface IStatusDigestSender
{
    /// <summary>Posts <paramref name="lines"/> (all for the release channel <paramref name="target"/>, oldest first) as one message.</summary>
    Task SendDigestAsync(IReadOnlyList<ChannelStatusNotice> lines, string target, CancellationToken cancellationToken);
}

/// <summary>The bounds of one digest.</summary>
public static class StatusDigest
{
    /// <summary>Lines waiting together from which they are posted as one message.</summary>
    public const int FewestLines = 5;

    /// <summary>Lines in one message.</summary>
    public const int MostLines = 20;

    /// <summary>Characters of text in one message; Slack truncates a message's text after 40,000 and advises under 4,000.</summary>
    public const int MostCharacters = 3_500;

    /// <summary>The message: a heading, then one line per status change in order.</summary>
    public static string Text(IReadOnlyList<ChannelStatusNotice> lines) =>
        $"{lines.Count} status changes:\n" + string.Join("\n", lines.Select(l => "• " + l.Text));
}
