namespace SignOffBot.Host.Outbox;

/// <summary>
/// A send that failed. <see cref="Permanent"/> failures (a channel that does not exist, a blocked bot) are not
/// retried; the others are, after <see cref="RetryAfter"/> when the platform said how long to wait.
/// </summary>
public sealed class DeliveryFailedException(string message, bool permanent, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>
    /// The destination is not known yet (a Teams channel the bot was not added to): the message waits, checked again
    /// every few minutes, without using up its attempts and without pausing the platform.
    /// </summary>
    public bool NotYetReachable { get; private init; }

    /// <summary>The platform's HTTP status, when it answered with one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The target is gone for good (a deleted message, a conversation the bot was removed from).</summary>
    public bool TargetGone => Permanent && StatusCode is 403 or 404;

    /// <summary>
    /// Too soon after the last post into the same conversation (see <see cref="ConversationPacer"/>): tried again after
    /// this long, without using up an attempt and without pausing the platform.
    /// </summary>
    public TimeSpan? PacedFor { get; private init; }

    public static DeliveryFailedException Unreachable(string message) => new(message, permanent: false) { NotYetReachable = true };

    public static DeliveryFailedException Paced(string message, TimeSpan wait) => new(message, permanent: false) { PacedFor = wait };
}
