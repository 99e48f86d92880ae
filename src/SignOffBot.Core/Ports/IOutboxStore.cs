using SignOffBot.Core.Notifications;

namespace SignOffBot.Core.Ports;

/// <summary>
/// The outbox: notices queued by committed changes (<see cref="IStoreSession.EnqueueNotices"/>) and the deliveries
/// planned from them. Reads are of committed data; every write is one unit of the store's group commit.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Deliveries waiting (with notices not planned yet), unreachable and dead, in all and per platform.</summary>
    OutboxCounts Counts();

    /// <summary>Notices not planned into deliveries yet, oldest first.</summary>
    IReadOnlyList<OutboxMessage> UnplannedNotices(int max);

    /// <summary>
    /// Writes each notice's deliveries, one per platform and target, and marks the notice planned, all in one unit of
    /// work: a crash leaves either the notices waiting or all their deliveries.
    /// </summary>
    IReadOnlyList<IReadOnlyList<OutboxMessage>> PlanDeliveries(IReadOnlyList<NoticePlan> plans, DateTime now);

    /// <summary>Deliveries whose next attempt is due (waiting, or unreachable to be checked again), oldest first.</summary>
    IReadOnlyList<OutboxMessage> Due(DateTime now, int max);

    /// <summary>
    /// The deliveries due now (as <see cref="Due"/>) taken for this host to send, for <paramref name="lease"/>: no other
    /// host sharing the store takes them until they are stored again (<see cref="Save"/>,
    /// <see cref="IStoreSession.UpdateOutbox"/>) or the lease has run out (the host died mid-send), nor the other
    /// deliveries of their lanes. A store only one host uses has nobody to keep them from: it answers as <see cref="Due"/>.
    /// </summary>
    IReadOnlyList<OutboxMessage> Claim(DateTime now, TimeSpan lease, int max);

    /// <summary>
    /// The earliest next attempt of a delivery that has not gone out, or null when there is none (one another host has
    /// claimed counts from the end of its lease).
    /// </summary>
    DateTime? NextOpenAttempt();

    /// <summary>The oldest delivery of <paramref name="lane"/> before <paramref name="id"/> that has not gone out yet, if any.</summary>
    OutboxMessage? OlderOpen(string lane, long id);

    /// <summary>The targets of <paramref name="platform"/> whose deliveries wait as unreachable.</summary>
    IReadOnlyList<string> UnreachableTargets(string platform);

    /// <summary>Makes every unreachable delivery of <paramref name="platform"/> due now (the bot has just learnt new targets).</summary>
    int WakeUnreachable(string platform, DateTime now);

    /// <summary>Dead letters, newest first, at most <paramref name="max"/>.</summary>
    IReadOnlyList<OutboxMessage> Dead(int max);

    /// <summary>When the oldest dead letter's last attempt was due (about when it was given up on), or null when there is none.</summary>
    DateTime? OldestDeadLetter();

    /// <summary>Puts a dead letter back in the queue (attempts from zero, due now); false when <paramref name="id"/> is no dead letter.</summary>
    bool RetryDead(long id, DateTime now);

    /// <summary>
    /// Removes at most <paramref name="max"/> messages that are done (deliveries sent, notices planned) and were created
    /// before <paramref name="createdBefore"/>; returns how many. Open deliveries and dead letters stay
    /// whatever their age, and so does the newest message, so an id is never given out twice.
    /// </summary>
    int RemoveDone(DateTime createdBefore, int max);

    /// <summary>
    /// Card redraws coalesce per copy: in <paramref name="lane"/> (one copy's redraws), every waiting delivery older than
    /// the newest is marked sent without sending. Returns the newest waiting one's id and the ids marked.
    /// </summary>
    (long? Newest, IReadOnlyList<long> Superseded) SupersedeRedraws(string lane);

    /// <summary>Stores the new states of outbox messages, all in one unit of work.</summary>
    void Save(IReadOnlyCollection<OutboxMessage> messages);
}
