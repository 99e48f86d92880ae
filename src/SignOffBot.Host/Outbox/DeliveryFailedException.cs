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
}
