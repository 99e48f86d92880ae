using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Outbox;

/// <summary>
/// Records a sender keeps about what it sent (a release thread's root message, say) that are stored with the
/// deliveries' new states in the dispatcher's next write, instead of one durable write per message sent.
/// </summary>
public interface IDeliveryRecords
{
    /// <summary>The records not stored yet, as one write and what to do once it committed; null when there are none.</summary>
    UnsavedRecords? TakeUnsaved();
}

/// <param name="Write">Stores the records inside the dispatcher's unit of work.</param>
/// <param name="Saved">Called once that unit committed.</param>
public sealed record UnsavedRecords(Action<IStoreSession> Write, Action Saved);
