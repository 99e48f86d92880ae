using Microsoft.Extensions.Time.Testing;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Tests.Storage.Contract;

/// <summary>
/// What every store must do, written once through the core's ports and run against each store (LiteDB and PostgreSQL,
/// each subclassing this with its own <see cref="OpenStore"/>): group commit with each caller's own result, a failing
/// unit rolled back alone, delivery ids deduplicated across a reopen, one audit chain, acknowledged writes still there
/// after a reopen, and the outbox and reminder queries (due only).
/// </summary>
public abstract partial class SignOffStoreContract : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly List<IDisposable> _open = [];

    protected SignOffStoreContract()
    {
        Governance = StoreFixture.SampleGovernanceModel();
        Ports = Reopen();
    }

    protected GovernanceModel Governance { get; }

    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The ports of the store opened last.</summary>
    protected StorePorts Ports { get; private set; }

    private ISignOffStore Store => Ports.SignOffs;

    /// <summary>Opens the store over the same data each time it is called (the first call creates it).</summary>
    protected abstract StorePorts OpenStore();

    [Fact]
    public async Task ConcurrentUnits_AreCommittedTogether_AndEachCallerGetsItsOwnResult()
    {
        var services = Services(Store);
        var keys = Enumerable.Range(1, 32).Select(v => $"fraud-detection/model-{v}@1").ToList();

        var results = await Task.WhenAll(keys.Select(key => Task.Run(() => services.SignOffs.Register(
            new RegisterItem(Key(key), ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com")))));

        Assert.Equal(keys, results.Select(r => r.Value!.Key.ToString()));
        Assert.All(results, r => Assert.True(r.Outcome.IsApplied));
        Assert.All(keys, key => Assert.NotNull(Store.FindItem(Key(key))));
    }

    [Fact]
    public async Task AUnitThatThrows_IsRolledBackAlone_WhileTheOthersCommit()
    {
        var services = Services(Store);
        var good = Enumerable.Range(1, 8).Select(v => Task.Run(() => services.SignOffs.Register(
            new RegisterItem(Key($"fraud-detection/good-{v}@1"), ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com")))).ToList();
        var bad = Task.Run(() => Ports.UnitOfWork.Transact<int>(session =>
        {
            session.InsertItem(TestItem("fraud-detection/bad@1"));
            throw new InvalidOperationException("this unit fails");
        }));

        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        await Task.WhenAll(good);

        Assert.Null(Store.FindItem(Key("fraud-detection/bad@1")));
        Assert.All(Enumerable.Range(1, 8), v => Assert.NotNull(Store.FindItem(Key($"fraud-detection/good-{v}@1"))));
    }

    [Fact]
    public void ADeliveryId_IsAnsweredWithItsFirstResult_AlsoAfterAReopen()
    {
        var services = Services(Store);
        var first = services.SignOffs.Register(new RegisterItem(Key("fraud-detection/churn-xgb@7"), ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com", "slack:delivery-1"));
        var events = Ports.Audit.Trail().Count();

        Ports = Reopen();
        var again = Services(Store).SignOffs.Register(new RegisterItem(Key("fraud-detection/churn-xgb@7"), ItemKind.Bundle, RiskLevel.High, Evidence.None), As("ana@example.com", "slack:delivery-1"));

        Assert.True(first.Outcome.IsApplied);
        Assert.True(again.Repeated);
        Assert.Equal(Assert.IsType<Outcome.Applied>(first.Outcome).Events, Assert.IsType<Outcome.Applied>(again.Outcome).Events);
        Assert.Equal(events, Ports.Audit.Trail().Count());
        Assert.Equal(ItemKind.Model, Store.FindItem(Key("fraud-detection/churn-xgb@7"))!.Kind);
    }

    [Fact]
    public async Task TheAuditTrail_IsOneChain_UnderConcurrentWriters_AndAfterAReopen()
    {
        var services = Services(Store);
        await Task.WhenAll(Enumerable.Range(1, 16).Select(v => Task.Run(() => services.SignOffs.Register(
            new RegisterItem(Key($"fraud-detection/chain-{v}@1"), ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com")))));

        Ports = Reopen();
        var trail = Ports.Audit.Trail().ToList();

        Assert.Equal(16, trail.Count);
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), trail.Select(e => e.Seq));
        Assert.True(AuditChain.Verify(trail).Ok);
    }

    [Fact]
    public async Task TheAuditHead_IsTheLastCommittedEvent_AndEachCheckKnowsItsOwnEvent()
    {
        Assert.Null(Ports.Audit.Head());
        var (signOffs, runner) = Services(Store);
        signOffs.Register(new RegisterItem(Key("fraud-detection/churn-xgb@7"), ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com"));
        var deploys = new DeployService(Governance, runner, Time);

        var checks = await Task.WhenAll(Enumerable.Range(1, 16).Select(_ => Task.Run(() =>
            deploys.CheckAudited(Key("fraud-detection/churn-xgb@7"), "sandbox", As("api-key:ci")))));
        Ports = Reopen();
        var trail = Ports.Audit.Trail().ToList();

        Assert.Equal(trail[^1], Ports.Audit.Head());
        Assert.Equal(17, Ports.Audit.Head()!.Seq);
        var own = checks.Select(c => Assert.Single(c.Events)).ToList();
        Assert.Equal(16, own.Select(e => e.Seq).Distinct().Count());
        Assert.All(own, e => Assert.Equal(trail[(int)e.Seq - 1], e));
    }

    [Fact]
    public void AnAcknowledgedAnswer_IsStoredWithItsAuditEventAndNotices_AfterAReopen()
    {
        var services = Services(Store);
        var key = Key("fraud-detection/churn-xgb@7");
        services.SignOffs.Register(new RegisterItem(key, ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com"));
        services.SignOffs.RequestFeedback(key, ["Business"], As("ana@example.com"));
        var waiting = Ports.Outbox.Counts().Waiting;

        var answered = services.SignOffs.SubmitFeedback(key, "Business", FeedbackAnswerKind.Approve, "fine", As("biz@example.com", "teams:c|a1"));
        Assert.True(answered.Outcome.IsApplied);
        var noticesOfTheAnswer = Ports.Outbox.Counts().Waiting - waiting;
        Ports = Reopen();

        var answer = Assert.Single(Store.FindItem(key)!.SignOff.FindSlot("Business")!.Answers);
        Assert.Equal(("biz@example.com", "fine"), (answer.By, answer.Comment));
        Assert.Contains(Ports.Audit.Trail(), e => e.DeliveryId == "teams:c|a1" && e.Answer == "approve");
        Assert.True(noticesOfTheAnswer > 0);
        Assert.Equal(waiting + noticesOfTheAnswer, Ports.Outbox.Counts().Waiting);
    }

    [Fact]
    public void ReminderTargets_AreFoundOnlyOnceDue_AndReplacedWithTheirScope()
    {
        var early = new ReminderTarget(ReminderKind.Parse("feedback"), "fraud-detection/churn-xgb@7", "Business", new PersonId("biz@example.com"), Start);
        var late = new ReminderTarget(ReminderKind.Parse("feedback"), "fraud-detection/churn-xgb@7", "IT & Operations", new PersonId("ops@example.com"), Start);
        Ports.UnitOfWork.Transact(session =>
        {
            session.ReplaceReminderTargets("fraud-detection/churn-xgb@7",
                [new PlannedReminder(early, Start.AddHours(24)), new PlannedReminder(late, Start.AddHours(48))]);
            return 0;
        });

        Assert.Empty(Due(Start.AddHours(23)));
        Assert.Equal([early.Id], Due(Start.AddHours(25)));
        Assert.Equal(new[] { early.Id, late.Id }.Order(StringComparer.Ordinal), Due(Start.AddHours(49)).Order(StringComparer.Ordinal));

        // Answered: the scope is replaced without the early target.
        Ports.UnitOfWork.Transact(session =>
        {
            session.ReplaceReminderTargets("fraud-detection/churn-xgb@7", [new PlannedReminder(late, Start.AddHours(48))]);
            return 0;
        });
        Assert.Equal([late.Id], Due(Start.AddHours(49)));
    }

    [Fact]
    public void QueuedNotices_ArePlannedIntoDeliveries_AndEachDeliveryKeepsItsOwnState_AcrossAReopen()
    {
        var now = Time.GetUtcNow();
        Ports.UnitOfWork.Transact(session =>
        {
            session.EnqueueNotices([new PrivateTextNotice(new PersonId("ana@example.com"), "fraud-detection/churn-xgb@7", "hello")], now);
            return 0;
        });
        var notice = Assert.Single(Ports.Outbox.UnplannedNotices(10));
        Assert.Null(notice.Platform);

        var planned = Assert.Single(Ports.Outbox.PlanDeliveries(
            [new NoticePlan(notice, "private-text", "fraud-detection/churn-xgb@7", [("slack", "dm:U1"), ("teams", "person:ana@example.com")])],
            now.UtcDateTime));
        Assert.Equal(2, planned.Count);
        Assert.Empty(Ports.Outbox.UnplannedNotices(10));
        Assert.Equal(2, Ports.Outbox.Due(now.UtcDateTime, 10).Count);

        var (slack, teams) = (planned.Single(d => d.Platform == "slack"), planned.Single(d => d.Platform == "teams"));
        slack.Status = OutboxStatus.Sent;
        teams.Status = OutboxStatus.Dead;
        teams.LastError = "teams: gone";
        Ports.Outbox.Save([slack, teams]);
        Ports = Reopen();

        Assert.Empty(Ports.Outbox.Due(now.UtcDateTime, 10));
        Assert.Null(Ports.Outbox.NextOpenAttempt());
        var counts = Ports.Outbox.Counts();
        Assert.Equal((0, 0, 1), (counts.Waiting, counts.Unreachable, counts.Dead));
        var dead = Assert.Single(Ports.Outbox.Dead(10));
        Assert.Equal(("teams", "teams: gone"), (dead.Platform, dead.LastError));

        Assert.False(Ports.Outbox.RetryDead(slack.Id, now.UtcDateTime));
        Assert.True(Ports.Outbox.RetryDead(dead.Id, now.UtcDateTime));
        var retried = Assert.Single(Ports.Outbox.Due(now.UtcDateTime, 10));
        Assert.Equal((dead.Id, 0), (retried.Id, retried.Attempts));
    }

    [Fact]
    public void DoneMessages_PastTheCutoff_AreRemoved_WhileOpenDeadAndNewerOnesStay()
    {
        var old = Time.GetUtcNow();
        var recent = old.AddDays(2);
        Assert.Equal(0, Ports.Outbox.RemoveDone(old.AddDays(10).UtcDateTime, 10)); // an empty outbox
        List<OutboxMessage> Plan(DateTimeOffset at, params string[] items)
        {
            Ports.UnitOfWork.Transact(session =>
            {
                session.EnqueueNotices([.. items.Select(item => new CardRefreshNotice(item))], at);
                return 0;
            });
            return [.. Ports.Outbox.PlanDeliveries(
                [.. Ports.Outbox.UnplannedNotices(10).Select(n => new NoticePlan(n, "card-refresh", null, [("slack", "channel:C1"), ("teams", "channel:19:x")]))],
                at.UtcDateTime).SelectMany(d => d)];
        }

        // Three old notices, planned into six deliveries: sent, dead, waiting, unreachable, sent, sent.
        var oldDeliveries = Plan(old, "fraud-detection/churn-xgb@7", "fraud-detection/churn-xgb@8", "fraud-detection/churn-xgb@9");
        Assert.Equal(6, oldDeliveries.Count);
        string[] states = [OutboxStatus.Sent, OutboxStatus.Dead, OutboxStatus.Waiting, OutboxStatus.Unreachable, OutboxStatus.Sent, OutboxStatus.Sent];
        foreach (var (delivery, state) in oldDeliveries.Zip(states))
        {
            delivery.Status = state;
            delivery.NextAttemptAt = recent.UtcDateTime;
        }

        Ports.Outbox.Save(oldDeliveries);
        // A recent notice with two deliveries sent: younger than the cutoff.
        var recentDeliveries = Plan(recent, "fraud-detection/churn-xgb@10");
        recentDeliveries.ForEach(d => d.Status = OutboxStatus.Sent);
        Ports.Outbox.Save(recentDeliveries);

        var cutoff = old.AddDays(1).UtcDateTime;
        Assert.Equal(2, Ports.Outbox.RemoveDone(cutoff, 2));
        Assert.Equal(4, Ports.Outbox.RemoveDone(cutoff, 10)); // the three old notices and three old sent deliveries: 6 in all
        Assert.Equal(0, Ports.Outbox.RemoveDone(cutoff, 10));
        Ports = Reopen();

        var counts = Ports.Outbox.Counts();
        Assert.Equal((1, 1, 1), (counts.Waiting, counts.Unreachable, counts.Dead));
        Assert.Equal(oldDeliveries[1].Id, Assert.Single(Ports.Outbox.Dead(10)).Id);
        Assert.Equal([oldDeliveries[2].Id, oldDeliveries[3].Id], Ports.Outbox.Due(recent.UtcDateTime, 10).Select(d => d.Id).Order());

        // Past every message: all done ones go but the newest, so the next message never takes an id given out before.
        Assert.Equal(2, Ports.Outbox.RemoveDone(recent.AddDays(1).UtcDateTime, 10));
        Assert.Equal(0, Ports.Outbox.RemoveDone(recent.AddDays(1).UtcDateTime, 10));
        Ports = Reopen();
        var next = Plan(recent.AddDays(3), "fraud-detection/churn-xgb@11");
        Assert.All(next, d => Assert.True(d.Id > recentDeliveries.Max(r => r.Id), $"id {d.Id} was given out before"));
    }

    [Fact]
    public void UnreachableDeliveries_AreListedPerPlatform_AndWokenTogether()
    {
        var now = Time.GetUtcNow().UtcDateTime;
        Ports.UnitOfWork.Transact(session =>
        {
            session.EnqueueNotices([new CardRefreshNotice("fraud-detection/churn-xgb@7"), new CardRefreshNotice("fraud-detection/churn-xgb@8")], Time.GetUtcNow());
            return 0;
        });
        var notices = Ports.Outbox.UnplannedNotices(10);
        var deliveries = Ports.Outbox.PlanDeliveries(
            [.. notices.Select(n => new NoticePlan(n, "card-refresh", null, [("slack", "channel:C1"), ("teams", "channel:19:x")]))], now)
            .SelectMany(d => d).ToList();
        foreach (var delivery in deliveries)
        {
            delivery.Status = OutboxStatus.Unreachable;
            delivery.NextAttemptAt = now.AddMinutes(5);
        }

        Ports.Outbox.Save(deliveries);

        Assert.Equal(["channel:C1"], Ports.Outbox.UnreachableTargets("slack"));
        Assert.Empty(Ports.Outbox.Due(now, 10));
        Assert.Equal(now.AddMinutes(5), Ports.Outbox.NextOpenAttempt());
        Assert.Equal(2, Ports.Outbox.WakeUnreachable("teams", now));
        Assert.All(Ports.Outbox.Due(now, 10), d => Assert.Equal("teams", d.Platform));
        var lane = deliveries.Last(d => d.Platform == "teams");
        Assert.Equal(deliveries.First(d => d.Platform == "teams").Id, Ports.Outbox.OlderOpen(lane.Lane!, lane.Id)!.Id);
    }

    [Fact]
    public void PlatformRecords_AreFoundByIdAndByField_ChangedInOneUnit_AndKeptAcrossAReopen()
    {
        var copies = Ports.Records.Set<ContractRecord>("contract_records", r => r.Item);
        copies.Insert(new ContractRecord { Id = "a", Item = "fraud-detection/churn-xgb@7", Text = "first" });
        copies.Upsert(new ContractRecord { Id = "b", Item = "fraud-detection/churn-xgb@7", Text = "second" });
        copies.Upsert(new ContractRecord { Id = "c", Item = "fraud-detection/other@1", Text = "third" });
        var changed = copies.Change(set =>
        {
            var a = set.Find("a")!;
            a.Text = "first, changed";
            set.Upsert(a);
            return set.DeleteMany(r => r.Item == "fraud-detection/other@1");
        });
        Ports = Reopen();
        copies = Ports.Records.Set<ContractRecord>("contract_records", r => r.Item);

        Assert.Equal(1, changed);
        Assert.Equal("first, changed", copies.Find("a")!.Text);
        Assert.Null(copies.Find("c"));
        Assert.Equal(["a", "b"], copies.Find(r => r.Item == "fraud-detection/churn-xgb@7").Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["b"], copies.Last(r => r.Item == "fraud-detection/churn-xgb@7", 1).Select(r => r.Id));
        Assert.True(copies.Delete("b"));
        Assert.Null(copies.Find("b"));
        Assert.Equal(["a"], copies.Find(r => r.Item == "fraud-detection/churn-xgb@7").Select(r => r.Id));
    }

    public void Dispose()
    {
        foreach (var store in _open)
        {
            store.Dispose();
        }

        Closed();
        GC.SuppressFinalize(this);
    }

    /// <summary>After the test, once every store it opened is closed (a store drops its data here).</summary>
    protected virtual void Closed()
    {
    }

    private StorePorts Reopen()
    {
        foreach (var store in _open)
        {
            store.Dispose();
        }

        _open.Clear();
        var opened = OpenStore();
        _open.Add(opened.Lifetime);
        return opened;
    }

    private IReadOnlyList<string> Due(DateTimeOffset now) => [.. Ports.Reminders.DueReminders(now, 100).Select(r => r.Id)];

    private (SignOffService SignOffs, ActionRunner Runner) Services(ISignOffStore store)
    {
        var runner = new ActionRunner(Ports.UnitOfWork, Time, Governance);
        return (new SignOffService(Governance, store, runner), runner);
    }

    private static ItemKey Key(string text) => ItemKey.TryParse(text, out var key) ? key : throw new ArgumentException(text);

    private static ActionContext As(string person, string? deliveryId = null) => new(person, "slack", "slack", deliveryId);

    private Item TestItem(string key) =>
        Item.Register(Governance, "ana@example.com", Key(key), ItemKind.Model, RiskLevel.Low, Evidence.None, Start).Item!;
}

/// <summary>The ports of one opened store, and what closes it.</summary>
public sealed record StorePorts(IUnitOfWork UnitOfWork, ISignOffStore SignOffs, IAuditLog Audit, IOutboxStore Outbox, IReminderStore Reminders, IPlatformRecords Records, IDisposable Lifetime);

/// <summary>A platform record as the adapters keep them: an id and a field to look it up by.</summary>
public sealed class ContractRecord
{
    public string Id { get; set; } = "";

    public string Item { get; set; } = "";

    public string Text { get; set; } = "";
}
