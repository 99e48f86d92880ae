using SignOffBot.Core.Notifications;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Outbox;

/// <summary>Queues notices that answer a request but change nothing in the domain (a chat reply to post after the ack).</summary>
public sealed class OutboxWriter(LiteDbSignOffStore store, TimeProvider time)
{
    public void Enqueue(params Notice[] notices) =>
        store.Transact(session =>
        {
            session.EnqueueNotices(notices, time.GetUtcNow());
            return notices.Length;
        });
}
