using SignOffBot.Core.Notifications;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using System.Diagnostics;
using LiteDB;
using Microsoft.Extensions.Configuration;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Governance;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Storage.Documents;
using SignOffBot.Host.Storage;

namespace SignOffBot.Bench;

/// <summary>
/// Fills a fresh LiteDB file through the host's own store and domain services (no HTTP), before the host opens it:
/// items registered by their owner with feedback requested on one category, exactly as the API would leave them.
/// </summary>
internal sealed class Seeder : IDisposable
{
    public const string Owner = "ana@example.com";

    private readonly LiteDbStorage _store;

    public Seeder(string databasePath)
    {
        Governance = SampleGovernance();
        var settings = new ReminderOptions().ToSettings();
        Planner = new ReminderPlanner(() => settings, Governance);
        _store = LiteDbStorage.Open(databasePath);
    }

    public GovernanceModel Governance { get; }

    public ReminderPlanner Planner { get; }

    public LiteDbStorage Store => _store;

    /// <summary>The sample directory embedded in the host: what it uses when no Governance section is configured.</summary>
    public static GovernanceModel SampleGovernance()
    {
        var (model, errors, _) = ConfiguredGovernance.Load(new ConfigurationBuilder().Build());
        return model ?? throw new InvalidOperationException(string.Join("\n", errors.All));
    }

    /// <summary>
    /// Registers <c>{project}/{name}@1…count</c> (low risk) and requests feedback on <paramref name="category"/>, from
    /// <paramref name="writers"/> threads. Returns the elapsed time.
    /// </summary>
    public TimeSpan Seed(string project, string name, int count, string category, int writers) =>
        Seed(_store.UnitOfWork, _store.SignOffs, Governance, Planner, project, name, count, category, writers);

    /// <summary>As <see cref="Seed(string, string, int, string, int)"/>, into any store (its unit of work and sign-offs).</summary>
    public static TimeSpan Seed(IUnitOfWork unitOfWork, ISignOffStore signOffs, GovernanceModel governance, ReminderPlanner planner,
        string project, string name, int count, string category, int writers)
    {
        var services = new SignOffService(governance, signOffs, new ActionRunner(unitOfWork, TimeProvider.System, governance, planner));
        var clock = Stopwatch.StartNew();
        var next = 0;
        var threads = Enumerable.Range(0, writers).Select(_ => new Thread(() =>
        {
            int v;
            while ((v = Interlocked.Increment(ref next)) <= count)
            {
                var key = ItemKey.TryParse($"{project}/{name}@{v}", out var parsed) ? parsed : throw new InvalidOperationException($"{project}/{name}@{v}");
                var context = new ActionContext(Owner, "http", "bench-seed");
                var registered = services.Register(new RegisterItem(key, ItemKind.Model, RiskLevel.Low, Evidence.None), context);
                var requested = services.RequestFeedback(key, [category], context);
                if (!registered.Outcome.IsApplied || !requested.Outcome.IsApplied)
                {
                    throw new InvalidOperationException($"seeding {key}: {registered.Outcome.Message} / {requested.Outcome.Message}");
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return clock.Elapsed;
    }

    /// <summary>
    /// Moves the next due time of the first <paramref name="count"/> reminder targets (by id) to a minute ago, as if
    /// their first reminder had come due while the host was down. Returns how many were moved.
    /// </summary>
    public int MakeDue(int count)
    {
        var due = TimeProvider.System.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(1);
        return _store.UnitOfWork.Write(session =>
        {
            var reminders = session.Collection<ReminderDocument>(LiteDbSetup.Reminders);
            var moved = 0;
            foreach (var doc in reminders.Find(LiteDB.Query.All(), 0, count).ToList())
            {
                doc.NextDueAt = due;
                moved += reminders.Update(doc) ? 1 : 0;
            }

            return moved;
        });
    }

    /// <summary>
    /// Marks every waiting outbox message sent, as if the platforms had been told before the run, so the host does not
    /// spend the measured minutes delivering the seeding's own notices.
    /// </summary>
    public int MarkOutboxSent()
    {
        var marked = 0;
        while (_store.Outbox.UnplannedNotices(5000) is { Count: > 0 } waiting)
        {
            foreach (var notice in waiting)
            {
                notice.Status = OutboxStatus.Sent;
            }

            _store.Outbox.Save(waiting);
            marked += waiting.Count;
        }

        return marked;
    }

    public void Dispose() => _store.Dispose();
}

/// <summary>How a single write of <see cref="Limits.LiteDbWrites"/> is made durable.</summary>
internal enum Durability
{
    None,
    Checkpoint,
    Log,
}

/// <summary>The raw limits the figures are quoted against.</summary>
internal static class Limits
{
    /// <summary>
    /// Single-document durable writes on a fresh LiteDB file in <paramref name="folder"/> (the disk the host's store is
    /// on), one after the other for <paramref name="duration"/>, each an auto-committed insert made durable as
    /// <paramref name="durability"/> says: a checkpoint (the only way to know a stock LiteDB 5.0 commit is on the disk,
    /// <see cref="LiteDbUnitOfWork.MakeDurable"/>), or the store's own commit (its pages on the disk in the log,
    /// <see cref="DurableLiteDatabase.SyncCommits"/>), or not at all (not waited on disk). <paramref name="asTheStoreOpensIt"/>
    /// false opens the file as stock LiteDB does (its own flushes), true as the store does (<see cref="LiteDbSetup.Open"/>).
    /// </summary>
    public static (int Writes, TimeSpan Elapsed) LiteDbWrites(string folder, TimeSpan duration, bool asTheStoreOpensIt, Durability durability)
    {
        var path = Path.Combine(folder, $"limit-{asTheStoreOpensIt}-{durability}.db");
        using var db = asTheStoreOpensIt
            ? LiteDbSetup.Open(path)
            : new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, LiteDbSetup.CreateMapper());
        var collection = db.GetCollection("limit");
        var payload = new string('x', 300);
        var clock = Stopwatch.StartNew();
        var writes = 0;
        while (clock.Elapsed < duration)
        {
            collection.Insert(new BsonDocument { ["n"] = writes, ["at"] = clock.ElapsedTicks, ["payload"] = payload });
            if (durability == Durability.Checkpoint)
            {
                LiteDbUnitOfWork.MakeDurable(db);
            }
            else if (durability == Durability.Log)
            {
                ((DurableLiteDatabase)db).SyncCommits();
            }

            writes++;
        }

        return (writes, clock.Elapsed);
    }
}

/// <summary>
/// <c>store-probe</c>: the store's write path alone, no HTTP, from many threads over a seeded file, with where each
/// commit's time went: deploy-checks through the domain service, the least a check can cost while its audit event is
/// one LiteDB document, and reviewers' approvals through the domain service.
/// </summary>
internal static class StoreProbe
{
    private const string Project = "fraud-detection";
    private const string Name = "probe";

    /// <summary>Deploy-checks on random seeded items; <paramref name="auditOnly"/> writes only each check's audit event.</summary>
    public static void RunChecks(string folder, int items, int threads, TimeSpan duration, bool auditOnly)
    {
        using var seeder = Seeded(folder, items, Large.Slot);
        var deploys = new DeployService(seeder.Governance, new ActionRunner(seeder.Store.UnitOfWork, TimeProvider.System, seeder.Governance), TimeProvider.System);
        Measure(auditOnly ? "checks, audit event only" : "checks", seeder.Store.UnitOfWork, threads, duration, random =>
        {
            var key = KeyOf(random.Next(1, items + 1));
            if (auditOnly)
            {
                seeder.Store.UnitOfWork.Transact(session => AppendCheckEvent(session, key));
            }
            else
            {
                deploys.Check(key, "prod-api", new ActionContext("api-key:bench", "http", "http"));
            }

            return true;
        });
    }

    /// <summary>
    /// Reviewers' approvals through the domain service, each on a different (item, reviewer): half Ben's from Slack, half
    /// Chen's from Teams, each with its delivery id, each notice planned at commit into one Slack and one Teams delivery
    /// as the host's outbox plans it. The store's part of a decision, without sending the deliveries.
    /// </summary>
    public static void RunDecisions(string folder, int items, int threads, TimeSpan duration)
    {
        using var seeder = Seeded(folder, items, Decisions.Slot);
        seeder.MarkOutboxSent();
        seeder.Store.UnitOfWork.PlanNoticesWith(_ => [("slack", "C0BENCH"), ("teams", "a:bench")]);
        var services = new SignOffService(seeder.Governance, seeder.Store.SignOffs,
            new ActionRunner(seeder.Store.UnitOfWork, TimeProvider.System, seeder.Governance, seeder.Planner));
        var next = 0;
        Measure("decisions", seeder.Store.UnitOfWork, threads, duration, _ =>
        {
            var press = Interlocked.Increment(ref next);
            if (press > 2 * items)
            {
                return false;
            }

            var context = press % 2 == 1
                ? new ActionContext("chen@example.com", "teams", "teams", $"teams-{press}")
                : new ActionContext("ben@example.com", "slack", "slack", $"slack-{press}");
            var answered = services.SubmitFeedback(KeyOf((press + 1) / 2), Decisions.Slot, FeedbackAnswerKind.Approve, null, context);
            return answered.Outcome.IsApplied ? true : throw new InvalidOperationException($"{context.Actor}: {answered.Outcome.Message}");
        });
    }

    private static Seeder Seeded(string folder, int items, string category)
    {
        var seeder = new Seeder(Path.Combine(folder, "probe", "signoff.db"));
        Console.WriteLine($"seeded {items} in {seeder.Seed(Project, Name, items, category, 64).TotalSeconds:F1} s");
        return seeder;
    }

    private static ItemKey KeyOf(int version) =>
        ItemKey.TryParse($"{Project}/{Name}@{version}", out var key) ? key : throw new InvalidOperationException($"{Project}/{Name}@{version}");

    // Runs one operation after another on each thread until the time is up or an operation says there is no more work.
    private static void Measure(string what, LiteDbUnitOfWork unitOfWork, int threads, TimeSpan duration, Func<Random, bool> operation)
    {
        var (c0, u0) = unitOfWork.CommitCounts;
        var (w0, k0, d0) = unitOfWork.CommitTimes;
        var clock = Stopwatch.StartNew();
        var done = 0;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var random = new Random(t);
            while (clock.Elapsed < duration && operation(random))
            {
                Interlocked.Increment(ref done);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var elapsed = clock.Elapsed;
        var (c1, u1) = unitOfWork.CommitCounts;
        var (w1, k1, d1) = unitOfWork.CommitTimes;
        var commits = Math.Max(1, c1 - c0);
        Console.WriteLine($"{what}, {threads} threads: {done / elapsed.TotalSeconds:F0}/s, {c1 - c0} commits carrying {u1 - u0} units (mean {(u1 - u0) / (double)commits:F1}); "
            + $"per commit: work {(w1 - w0).TotalMilliseconds / commits:F2} ms, LiteDB commit {(k1 - k0).TotalMilliseconds / commits:F2} ms, durable {(d1 - d0).TotalMilliseconds / commits:F2} ms; "
            + $"per unit {((w1 - w0) + (k1 - k0) + (d1 - d0)).TotalMilliseconds / Math.Max(1, u1 - u0):F3} ms in the writer");
    }

    // The least any check costs the writer while its audit event is one LiteDB document: the event alone, linked to the
    // chain and inserted, with no item read and no answer worked out.
    private static bool AppendCheckEvent(IStoreSession session, ItemKey key)
    {
        var draft = new AuditEvent(0, TimeProvider.System.GetUtcNow(), "api-key:bench", "http", AuditActions.DeployCheck, key.ToString(), "prod-api", "blocked",
            $"{key} is feedback-requested, not approved; prod-api (policy prevent) accepts approved items only.", "http", null, string.Empty, string.Empty);
        session.AppendAuditEvent(AuditChain.Link(session.LastAuditEvent(), draft));
        return true;
    }
}
