using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Playground;

/// <summary>
/// The playground's conversations, kept in the database beside the sign-offs, and a version that moves on every
/// change the page should show (a new line, or a card redrawn after an answer), so open pages refresh at once.
/// </summary>
public sealed class PlaygroundTimeline
{
    public const string Collection = "playground_messages";

    private readonly IRecords<PlaygroundMessageDocument> _messages;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSignal();
    private long _version;

    public PlaygroundTimeline(IPlatformRecords records, TimeProvider time)
    {
        _time = time;
        _messages = records.Set<PlaygroundMessageDocument>(Collection, d => d.Conversation);
    }

    public long Version => Interlocked.Read(ref _version);

    public static string Direct(string person) => $"dm:{person}";

    public static string Channel(string project) => $"channel:{project}";

    /// <summary>Adds a line; a time its sender left marked for the reader (<see cref="ReaderTime"/>) is written in UTC.</summary>
    public void Add(PlaygroundMessageDocument message)
    {
        message.Id = 0;
        message.Text = ReaderTime.InUtc(message.Text);
        message.At = _time.GetUtcNow().UtcDateTime;
        _messages.Insert(message);
        Changed();
    }

    /// <summary>The latest <paramref name="count"/> lines of a conversation, oldest first.</summary>
    public IReadOnlyList<PlaygroundMessageDocument> Latest(string conversation, int count) =>
        _messages.Last(d => d.Conversation == conversation, count);

    public void Changed()
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            _version++;
            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
    }

    /// <summary>Completes when the version moves past <paramref name="seen"/>, or after <paramref name="timeout"/>.</summary>
    public async Task WaitForChangeAsync(long seen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task next;
        lock (_gate)
        {
            if (_version != seen)
            {
                return;
            }

            next = _changed.Task;
        }

        await Task.WhenAny(next, Task.Delay(timeout, _time, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
