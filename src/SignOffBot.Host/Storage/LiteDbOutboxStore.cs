using LiteDB;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Storage;

/// <summary>The outbox in the embedded store: reads of committed data, writes as units of <see cref="LiteDbUnitOfWork"/>.</summary>
public sealed class LiteDbOutboxStore(LiteDbUnitOfWork unitOfWork) : IOutboxStore
{
    private readonly ILiteCollection<OutboxMessage> _outbox = unitOfWork.Database.GetCollection<OutboxMessage>(LiteDbSetup.Outbox);
    private readonly ILiteCollection<BsonDocument> _raw = unitOfWork.Database.GetCollection(LiteDbSetup.Outbox);

    /// <summary>Deliveries waiting (with notices not planned yet), unreachable and dead, in all and per platform.</summary>
    public OutboxCounts Counts()
    {
        var outbox = _outbox;
        var open = outbox.Find(Query.In(nameof(OutboxMessage.Status), OutboxStatus.Waiting, OutboxStatus.Unreachable, OutboxStatus.Dead))
            .Select(d => (d.Platform, d.Status))
            .ToList();
        var platforms = open.Where(d => d.Platform is not null)
            .GroupBy(d => d.Platform!, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => new PlatformOutboxCounts(g.Count(d => d.Status == OutboxStatus.Waiting), g.Count(d => d.Status == OutboxStatus.Unreachable), g.Count(d => d.Status == OutboxStatus.Dead)),
                StringComparer.Ordinal);
        return new OutboxCounts(
            open.Count(d => d.Status == OutboxStatus.Waiting),
            open.Count(d => d.Status == OutboxStatus.Unreachable),
            open.Count(d => d.Status == OutboxStatus.Dead),
            platforms);
    }

    /// <summary>Notices not planned into deliveries yet, oldest first. A read of committed data.</summary>
    public IReadOnlyList<OutboxMessage> UnplannedNotices(int max) => Whole(
        Open(Query.EQ(nameof(OutboxMessage.Status), OutboxStatus.Waiting))
            .Where(d => d.Platform is null)
            .Select(d => d.Id)
            .Order()
            .Take(max),
        d => d.Status == OutboxStatus.Waiting && d.Platform is null);

    /// <summary>
    /// Writes each notice's deliveries, one per platform and target, and marks the notice planned, all in one unit of
    /// work: a crash leaves either the notices waiting or all their deliveries.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<OutboxMessage>> PlanDeliveries(IReadOnlyList<NoticePlan> plans, DateTime now) =>
        unitOfWork.Write(session =>
        {
            var outbox = session.Outbox;
            var planned = new List<IReadOnlyList<OutboxMessage>>(plans.Count);
            foreach (var plan in plans)
            {
                var deliveries = plan.Deliveries(now);
                outbox.InsertBulk(deliveries);
                plan.Notice.Status = OutboxStatus.Planned;
                outbox.Update(plan.Notice);
                planned.Add(deliveries);
            }

            return planned;
        });

    /// <summary>Deliveries whose next attempt is due (waiting, or unreachable to be checked again), oldest first.</summary>
    public IReadOnlyList<OutboxMessage> Due(DateTime now, int max) => Whole(
        Open(OpenStatuses)
            .Where(d => d.Platform is not null && d.NextAttemptAt <= now)
            .Select(d => d.Id)
            .Order()
            .Take(max),
        d => d.Status is OutboxStatus.Waiting or OutboxStatus.Unreachable && d.Platform is not null && d.NextAttemptAt <= now);

    /// <summary>The due deliveries: this store's only host has nobody to keep them from (see <see cref="IOutboxStore.Claim"/>).</summary>
    public IReadOnlyList<OutboxMessage> Claim(DateTime now, TimeSpan lease, int max) => Due(now, max);

    /// <summary>
    /// The earliest next attempt of a delivery that has not gone out (waiting, or unreachable to be checked again), or
    /// null when there is none. A read of committed data.
    /// </summary>
    public DateTime? NextOpenAttempt() =>
        Open(OpenStatuses)
            .Where(d => d.Platform is not null)
            .Select(d => (DateTime?)d.NextAttemptAt)
            .Min();

    // Waiting or unreachable: the messages the dispatcher still has to send (or plan).
    private static BsonExpression OpenStatuses => Query.In(nameof(OutboxMessage.Status), OutboxStatus.Waiting, OutboxStatus.Unreachable);

    /// <summary>
    /// The id, platform, lane and next attempt of the messages <paramref name="status"/> selects (through the status
    /// index), without reading the rest of each: the dispatcher asks on every round, and during a burst thousands are
    /// open, each carrying its notice's JSON. Only the few chosen are then read whole.
    /// </summary>
    private IEnumerable<OpenMessage> Open(BsonExpression status) =>
        _raw.Query()
            .Where(status)
            .Select($"{{ _id: $._id, {nameof(OutboxMessage.Platform)}: $.{nameof(OutboxMessage.Platform)}, {nameof(OutboxMessage.Lane)}: $.{nameof(OutboxMessage.Lane)}, {nameof(OutboxMessage.NextAttemptAt)}: $.{nameof(OutboxMessage.NextAttemptAt)} }}")
            .ToEnumerable()
            .Select(d => new OpenMessage(
                d["_id"].AsInt64,
                TextOf(d[nameof(OutboxMessage.Platform)]),
                TextOf(d[nameof(OutboxMessage.Lane)]),
                d[nameof(OutboxMessage.NextAttemptAt)].AsDateTime.ToUniversalTime()));

    private static string? TextOf(BsonValue value) => value.IsString ? value.AsString : null;

    // Read whole, each still as chosen: a commit between the two reads may have sent or superseded one.
    private List<OutboxMessage> Whole(IEnumerable<long> ids, Func<OutboxMessage, bool> stillChosen) =>
        [.. ids.Select(id => _outbox.FindById(id)).OfType<OutboxMessage>().Where(stillChosen)];

    /// <summary>
    /// The oldest delivery of <paramref name="lane"/> before <paramref name="id"/> that has not gone out yet, if any.
    /// Looked for among the open messages (the status index), not in the lane: a release channel's lane holds every
    /// status line ever sent to it, and this is asked for each lane on each round.
    /// </summary>
    public OutboxMessage? OlderOpen(string lane, long id) =>
        Open(OpenStatuses).Where(d => d.Id < id && d.Lane == lane).Select(d => (long?)d.Id).Min() is { } older
            ? _outbox.FindById(older)
            : null;

    /// <summary>What the dispatcher's rounds read of an open message.</summary>
    private readonly record struct OpenMessage(long Id, string? Platform, string? Lane, DateTime NextAttemptAt);

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
        var outbox = session.Outbox;
        var woken = outbox.Find(Query.EQ(nameof(OutboxMessage.Status), OutboxStatus.Unreachable)).Where(d => d.Platform == platform).ToList();
        foreach (var delivery in woken)
        {
            delivery.NextAttemptAt = now;
            outbox.Update(delivery);
        }

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
        var outbox = session.Outbox;
        if (outbox.FindById(id) is not { Status: OutboxStatus.Dead } letter)
        {
            return false;
        }

        letter.Status = OutboxStatus.Waiting;
        letter.Attempts = 0;
        letter.NextAttemptAt = now;
        return outbox.Update(letter);
    });

    /// <summary>
    /// Card redraws coalesce per copy: in <paramref name="lane"/> (one copy's redraws), every waiting delivery older than
    /// the newest is marked sent without sending. Returns the newest waiting one's id and the ids marked.
    /// </summary>
    public (long? Newest, IReadOnlyList<long> Superseded) SupersedeRedraws(string lane)
    {
        var outbox = _outbox;
        var redraws = outbox.Find(LiteDbQuery.Eq(nameof(OutboxMessage.Lane), lane))
            .Where(d => d.Status == OutboxStatus.Waiting)
            .OrderBy(d => d.Id)
            .ToList();
        if (redraws.Count == 0)
        {
            return (null, []);
        }

        var older = redraws[..^1];
        if (older.Count > 0)
        {
            unitOfWork.Write(session =>
            {
                var writable = session.Outbox;
                foreach (var message in older)
                {
                    message.Status = OutboxStatus.Sent;
                    message.LastError = null;
                    writable.Update(message);
                }

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
            unitOfWork.Write(session => session.Outbox.Update(messages));
        }
    }
}
