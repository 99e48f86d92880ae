using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Outbox;

/// <summary>Queues notices that answer a request but change nothing in the domain (a chat reply to post after the ack).</summary>
public sealed class OutboxWriter(IUnitOfWork unitOfWork, TimeProvider time)
{
    public void Enqueue(params Notice[] notices) =>
        unitOfWork.Transact(session =>
        {
            session.EnqueueNotices(notices, time.GetUtcNow());
            return notices.Length;
        });
}
