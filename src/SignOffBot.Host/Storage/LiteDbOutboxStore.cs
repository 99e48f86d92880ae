using LiteDB;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Storage;

/// <summary>The outbox in the embedded store: reads of committed data, writes as units of <see cref="LiteDbUnitOfWork"/>.</summary>
public sealed class LiteDbOutboxStore(LiteDbUnitOfWork unitOfWork) : IOutboxStore
{
    private readonly ILiteCollection<OutboxMessage> _outbox = unitOfWork.Database.GetCollection<OutboxMessage>(LiteDbSetup.Outbox);

    private OpenOutbox Open => unitOfWork.OpenOutbox;

    /// <summary>Deliveries waiting (with notices not planned yet), unreachable and dead, in all and per platform.</summary>
    public OutboxCounts Counts() => Open.Counts();

    /// <summary>Notices not planned into deliveries yet, oldest first. A read of committed data.</summary>
    public IReadOnlyList<OutboxMessage> UnplannedNotices(int max) => Whole(
        Open.Unplanned(max),
        d => d.Status == OutboxStatus.Waiting && d.Platform is null);

    /// <summary>
    /// Writes each notice's deliveries, one per platform and target, and marks the notice planned, all in one unit of
    /// work: a crash leaves either the notices waiting or all their deliveries.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<OutboxMessage>> PlanDeliveries(IReadOnlyList<NoticePlan> plans, DateTime now) =>
        unitOfWork.Write(session =>
        {
            // Made anew on each run: a unit of work may be run again when its batch is rolled back.
            var planned = plans.Select(plan => plan.Deliveries(now)).ToList();
            session.InsertOutbox([.. planned.SelectMany(deliveries => deliveries)]);
            foreach (var plan in plans)
            {
                plan.Notice.Status = OutboxStatus.Planned;
            }

            session.UpdateOutbox([.. plans.Select(plan => plan.Notice)]);
            return planned;
        });

    /// <summary>Deliveries whose next attempt is due (waiting, or unreachable to be checked again), oldest first.</summary>
    public IReadOnlyList<OutboxMessage> Due(DateTime now, int max) => Whole(
        Open.Due(now, max),
        d => d.Status is OutboxStatus.Waiting or OutboxStatus.Unreachable && d.Platform is not null && d.NextAttemptAt <= now);

    /// <summary>The due deliveries: this store's only host has nobody to keep them from (see <see cref="IOutboxStore.Claim"/>).</summary>
    public IReadOnlyList<OutboxMessage> Claim(DateTime now, TimeSpan lease, int max) => Due(now, max);

    /// <summary>
    /// The earliest next attempt of a delivery that has not gone out (waiting, or unreachable to be checked again), or
    /// null when there is none.
    /// </summary>
    public DateTime? NextOpenAttempt() => Open.NextAttempt();

    // Read whole, each still as chosen: a commit between the two reads may have sent or superseded one.
    private List<OutboxMessage> Whole(IEnumerable<long> ids, Func<OutboxMessage, bool> stillChosen) =>
        [.. ids.Select(id => _outbox.FindById(id)).OfType<OutboxMessage>().Where(stillChosen)];

    /// <summary>The oldest delivery of <paramref name="lane"/> before <paramref name="id"/> that has not gone out yet, if any.</summary>
    public OutboxMessage? OlderOpen(string lane, long id) =>
        Open.OlderInLane(lane, id) is { } older ? _outbox.FindById(older) : null;

    /// <summary>The targets of <paramref name="platform"/> whose deliveries wait as unreachable.</summary>
    public IReadOnlyList<string> UnreachableTargets(string platform) =>
        [.. _outbox
            .Find(Query.EQ(nameof(OutboxMessage.Status), OutboxStatus.Unreachable))
            .Where(d => d.Platform == platform && d.Target is not null)
            .Select(d => d.Target!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>Makes every unreachable delivery of <paramref name="platform"/> due now (the bot has just learnt new targets).</summary>
    public int WakeUnreachable(string platform, DateTime now) => unitOfWork.Write(session =>
    {
        var woken = _outbox.Find(Query.EQ(nameof(OutboxMessage.Status), OutboxStatus.Unreachable)).Where(d => d.Platform == platform).ToList();
        foreach (var delivery in woken)
        {
            delivery.NextAttemptAt = now;
        }

        session.UpdateOutbox(woken);
        return woken.Count;
    });

    /// <summary>Dead letters, newest first, at most <paramref name="max"/>. A read of committed data.</summary>
    public IReadOnlyList<OutboxMessage> Dead(int max) =>
        _outbox
            .Find(Query.EQ(nameof(OutboxMessage.Status), OutboxStatus.Dead))
            .OrderByDescending(d => d.Id)
            .Take(max)
            .ToList();

    /// <summary>When the oldest dead letter's last attempt was due, or null when there is none. A read of committed data.</summary>
    public DateTime? OldestDeadLetter() =>
        _outbox
            .Find(Query.EQ(nameof(OutboxMessage.Status), OutboxStatus.Dead))
            .Select(d => (DateTime?)d.NextAttemptAt)
            .Min();

    /// <summary>Puts a dead letter back in the queue (attempts from zero, due now); false when <paramref name="id"/> is no dead letter.</summary>
    public bool RetryDead(long id, DateTime now) => unitOfWork.Write(session =>
    {
        if (_outbox.FindById(id) is not { Status: OutboxStatus.Dead } letter)
        {
            return false;
        }

        letter.Status = OutboxStatus.Waiting;
        letter.Attempts = 0;
        letter.NextAttemptAt = now;
        session.UpdateOutbox([letter]);
        return true;
    });

    /// <summary>
    /// Removes done messages created before <paramref name="createdBefore"/> (see <see cref="IOutboxStore.RemoveDone"/>):
    /// chosen in a read of committed data, so the writer spends only the deletes. Done is final, so a message chosen is
    /// still done when it is deleted. The newest message stays because LiteDB numbers a new one after the highest id it holds.
    /// </summary>
    public int RemoveDone(DateTime createdBefore, int max)
    {
        var outbox = unitOfWork.Database.GetCollection(LiteDbSetup.Outbox);
        if (outbox.Query().OrderByDescending("_id").Select("{ _id: $._id }").Limit(1).FirstOrDefault() is not { } last)
        {
            return 0;
        }

        var newest = last["_id"];

        var done = outbox.Query()
            .Where(Query.In(nameof(OutboxMessage.Status), OutboxStatus.Sent, OutboxStatus.Planned))
            .Where(LiteDbQuery.Lt(nameof(OutboxMessage.CreatedAt), createdBefore))
            .Where(LiteDbQuery.Lt("_id", newest))
            .Select("{ _id: $._id }")
            .Limit(max)
            .ToEnumerable()
            .Select(d => d["_id"].AsInt64)
            .ToList();
        return done.Count == 0 ? 0 : unitOfWork.Write(session => session.DeleteDoneOutbox(done));
    }

    /// <summary>
    /// Card redraws coalesce per copy: in <paramref name="lane"/> (one copy's redraws), every waiting delivery older than
    /// the newest is marked sent without sending. Returns the newest waiting one's id and the ids marked.
    /// </summary>
    public (long? Newest, IReadOnlyList<long> Superseded) SupersedeRedraws(string lane)
    {
        var redraws = Whole(Open.WaitingInLane(lane), d => d.Status == OutboxStatus.Waiting);
        if (redraws.Count == 0)
        {
            return (null, []);
        }

        var older = redraws[..^1];
        if (older.Count > 0)
        {
            unitOfWork.Write(session =>
            {
                foreach (var message in older)
                {
                    message.Status = OutboxStatus.Sent;
                    message.LastError = null;
                }

                session.UpdateOutbox(older);
                return older.Count;
            });
        }

        return (redraws[^1].Id, [.. older.Select(d => d.Id)]);
    }

    /// <summary>Stores the new states of outbox messages, all in one unit of work of the group commit.</summary>
    public void Save(IReadOnlyCollection<OutboxMessage> messages)
    {
        if (messages.Count > 0)
        {
            unitOfWork.Write(session =>
            {
                session.UpdateOutbox(messages);
                return messages.Count;
            });
        }
    }
}
