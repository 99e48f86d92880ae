using Npgsql;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Ports;

namespace SignOffBot.Host.Storage.Postgres;

/// <summary>
/// The outbox in PostgreSQL, shared by every host on the database: reads of committed data, writes as units of
/// <see cref="PostgresUnitOfWork"/>. Hosts take due deliveries with <see cref="Claim"/> (<c>FOR UPDATE SKIP LOCKED</c>
/// and a lease), so each is sent by one host; a notice is planned into deliveries once, by whichever host locks it first.
/// </summary>
public sealed class PostgresOutboxStore(PostgresUnitOfWork unitOfWork) : IOutboxStore
{
    internal const string Columns =
        "id, status, notice, created_at, next_attempt_at, attempts, done_platforms, last_error, platform, target, lane, kind, item, notice_id, trace_parent";

    private const string Open = $"status IN ('{OutboxStatus.Waiting}', '{OutboxStatus.Unreachable}')";

    private OutboxClaims Claims => unitOfWork.Claims;

    public OutboxCounts Counts()
    {
        var rows = Query(
            $"SELECT platform, status, count(*) FROM outbox WHERE status IN ('{OutboxStatus.Waiting}', '{OutboxStatus.Unreachable}', '{OutboxStatus.Dead}') GROUP BY platform, status",
            r => (Platform: r.Text(0), Status: r.GetString(1), Count: (int)r.GetInt64(2)));
        int Sum(IEnumerable<(string? Platform, string Status, int Count)> of, string status) => of.Where(r => r.Status == status).Sum(r => r.Count);
        var platforms = rows.Where(r => r.Platform is not null)
            .GroupBy(r => r.Platform!, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => new PlatformOutboxCounts(Sum(g, OutboxStatus.Waiting), Sum(g, OutboxStatus.Unreachable), Sum(g, OutboxStatus.Dead)),
                StringComparer.Ordinal);
        return new OutboxCounts(Sum(rows, OutboxStatus.Waiting), Sum(rows, OutboxStatus.Unreachable), Sum(rows, OutboxStatus.Dead), platforms);
    }

    public IReadOnlyList<OutboxMessage> UnplannedNotices(int max) =>
        Query($"SELECT {Columns} FROM outbox WHERE status = '{OutboxStatus.Waiting}' AND platform IS NULL ORDER BY id LIMIT @max", Read, ("max", (long)max));

    /// <summary>
    /// Writes each notice's deliveries and marks it planned, all in one unit. A notice another host planned meanwhile
    /// (it is locked, then read again) gets no deliveries here: its list is empty.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<OutboxMessage>> PlanDeliveries(IReadOnlyList<NoticePlan> plans, DateTime now) =>
        unitOfWork.Write(session =>
        {
            var planned = new List<IReadOnlyList<OutboxMessage>>(plans.Count);
            foreach (var plan in plans)
            {
                var status = session.Query("SELECT status FROM outbox WHERE id = @id FOR UPDATE", r => r.GetString(0), ("id", plan.Notice.Id));
                if (status is not [OutboxStatus.Waiting])
                {
                    planned.Add([]);
                    continue;
                }

                var deliveries = plan.Deliveries(now);
                foreach (var delivery in deliveries)
                {
                    delivery.Id = session.Query($"""
                        INSERT INTO outbox (status, notice, created_at, next_attempt_at, attempts, done_platforms, last_error, platform, target, lane, kind, item, notice_id, trace_parent)
                        VALUES (@status, @notice, @createdAt, @nextAttemptAt, @attempts, @donePlatforms, @lastError, @platform, @target, @lane, @kind, @item, @noticeId, @traceParent)
                        RETURNING id
                        """, r => r.GetInt64(0), Parameters(delivery)).Single();
                }

                session.Execute($"UPDATE outbox SET status = '{OutboxStatus.Planned}' WHERE id = @id", ("id", plan.Notice.Id));
                plan.Notice.Status = OutboxStatus.Planned;
                planned.Add(deliveries);
            }

            return planned;
        });

    public IReadOnlyList<OutboxMessage> Due(DateTime now, int max) =>
        Query($"SELECT {Columns} FROM outbox WHERE {Open} AND platform IS NOT NULL AND next_attempt_at <= @now ORDER BY id LIMIT @max",
            Read, ("now", now), ("max", (long)max));

    /// <summary>
    /// Takes the due deliveries no other host holds, skipping rows another host is taking at this moment, and none of a
    /// lane another host holds deliveries of (its order is that host's to keep); those this host took before and has not
    /// stored yet are taken again.
    /// </summary>
    public IReadOnlyList<OutboxMessage> Claim(DateTime now, TimeSpan lease, int max)
    {
        var claim = Claims.Next();
        var claimed = Query($"""
            WITH due AS (
                SELECT o.id FROM outbox o
                WHERE o.{Open} AND o.platform IS NOT NULL AND o.next_attempt_at <= @now
                  AND (o.claimed_by IS NULL OR o.lease_until <= @now OR starts_with(o.claimed_by, @host))
                  AND NOT EXISTS (
                      SELECT 1 FROM outbox held
                      WHERE held.lane = o.lane AND held.{Open} AND held.lease_until > @now AND NOT starts_with(held.claimed_by, @host))
                ORDER BY o.id
                LIMIT @max
                FOR UPDATE SKIP LOCKED)
            UPDATE outbox SET claimed_by = @claim, lease_until = @until
            FROM due WHERE outbox.id = due.id
            RETURNING {string.Join(", ", Columns.Split(", ").Select(c => "outbox." + c))}
            """,
            Read, ("now", now), ("host", Claims.Host + "#"), ("max", (long)max), ("claim", claim), ("until", now + lease));
        foreach (var delivery in claimed)
        {
            Claims.Hold(delivery.Id, claim);
        }

        return [.. claimed.OrderBy(d => d.Id)];
    }

    public DateTime? NextOpenAttempt() =>
        Query($"""
            SELECT min(CASE WHEN claimed_by IS NOT NULL AND NOT starts_with(claimed_by, @host) THEN greatest(next_attempt_at, lease_until) ELSE next_attempt_at END)
            FROM outbox WHERE {Open} AND platform IS NOT NULL
            """, r => r.UtcOrNull(0), ("host", Claims.Host + "#")).Single();

    public OutboxMessage? OlderOpen(string lane, long id) =>
        Query($"SELECT {Columns} FROM outbox WHERE lane = @lane AND id < @id AND {Open} ORDER BY id LIMIT 1", Read, ("lane", lane), ("id", id)) is [var older]
            ? older
            : null;

    public IReadOnlyList<string> UnreachableTargets(string platform) =>
        Query($"SELECT DISTINCT target COLLATE \"C\" FROM outbox WHERE status = '{OutboxStatus.Unreachable}' AND platform = @platform AND target IS NOT NULL ORDER BY 1",
            r => r.GetString(0), ("platform", platform));

    public int WakeUnreachable(string platform, DateTime now) => unitOfWork.Write(session =>
        session.Execute($"UPDATE outbox SET next_attempt_at = @now WHERE status = '{OutboxStatus.Unreachable}' AND platform = @platform", ("now", now), ("platform", platform)));

    public IReadOnlyList<OutboxMessage> Dead(int max) =>
        Query($"SELECT {Columns} FROM outbox WHERE status = '{OutboxStatus.Dead}' ORDER BY id DESC LIMIT @max", Read, ("max", (long)max));

    public DateTime? OldestDeadLetter() =>
        Query($"SELECT min(next_attempt_at) FROM outbox WHERE status = '{OutboxStatus.Dead}'", r => r.UtcOrNull(0)).Single();

    public bool RetryDead(long id, DateTime now) => unitOfWork.Write(session => session.Execute($"""
        UPDATE outbox SET status = '{OutboxStatus.Waiting}', attempts = 0, next_attempt_at = @now, claimed_by = NULL, lease_until = NULL
        WHERE id = @id AND status = '{OutboxStatus.Dead}'
        """, ("id", id), ("now", now)) > 0);

    public int RemoveDone(DateTime createdBefore, int max) => unitOfWork.Write(session => session.Execute($"""
        DELETE FROM outbox WHERE id IN (
            SELECT id FROM outbox
            WHERE status IN ('{OutboxStatus.Sent}', '{OutboxStatus.Planned}') AND created_at < @before
              AND id < (SELECT max(id) FROM outbox)
            LIMIT @max FOR UPDATE SKIP LOCKED)
        """, ("before", createdBefore), ("max", (long)max)));

    public (long? Newest, IReadOnlyList<long> Superseded) SupersedeRedraws(string lane)
    {
        var waiting = Query($"SELECT id FROM outbox WHERE lane = @lane AND status = '{OutboxStatus.Waiting}' ORDER BY id", r => r.GetInt64(0), ("lane", lane));
        if (waiting.Count == 0)
        {
            return (null, []);
        }

        var older = waiting[..^1];
        if (older.Count > 0)
        {
            unitOfWork.Write(session => session.Execute(
                $"UPDATE outbox SET status = '{OutboxStatus.Sent}', last_error = NULL, claimed_by = NULL, lease_until = NULL WHERE id = ANY(@ids)",
                ("ids", older.ToArray())));
        }

        return (waiting[^1], older);
    }

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

    internal static OutboxMessage Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Status = r.GetString(1),
        Notice = r.GetString(2),
        CreatedAt = r.Utc(3),
        NextAttemptAt = r.Utc(4),
        Attempts = r.GetInt32(5),
        DonePlatforms = [.. r.GetFieldValue<string[]>(6)],
        LastError = r.Text(7),
        Platform = r.Text(8),
        Target = r.Text(9),
        Lane = r.Text(10),
        Kind = r.Text(11),
        Item = r.Text(12),
        NoticeId = r.IsDBNull(13) ? null : r.GetInt64(13),
        TraceParent = r.Text(14),
    };

    internal static (string, object?)[] Parameters(OutboxMessage m) =>
    [
        ("id", m.Id), ("status", m.Status), ("notice", m.Notice), ("createdAt", m.CreatedAt), ("nextAttemptAt", m.NextAttemptAt),
        ("attempts", m.Attempts), ("donePlatforms", m.DonePlatforms.ToArray()), ("lastError", m.LastError), ("platform", m.Platform),
        ("target", m.Target), ("lane", m.Lane), ("kind", m.Kind), ("item", m.Item), ("noticeId", m.NoticeId), ("traceParent", m.TraceParent),
    ];

    private List<T> Query<T>(string sql, Func<NpgsqlDataReader, T> read, params (string, object?)[] parameters)
    {
        using var connection = unitOfWork.DataSource.OpenConnection();
        return Sql.Query(connection, null, sql, read, parameters);
    }
}
