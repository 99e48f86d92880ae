using Microsoft.Extensions.Time.Testing;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Tests.Storage.Contract;

/// <summary>
/// What a store several hosts share must do besides <see cref="SignOffStoreContract"/>, shown by two hosts (two stores
/// opened on the same data, as two processes would) working at the same time: one audit chain, a delivery id applied
/// once whichever host gets it, no answer lost, each notice planned once, and each due delivery claimed by one host
/// until its lease runs out.
/// </summary>
public abstract class SharedStoreContract : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly GovernanceModel _governance = StoreFixture.SampleGovernanceModel();
    private readonly FakeTimeProvider _time = new(Start);

    protected SharedStoreContract()
    {
        A = OpenHost();
        B = OpenHost();
    }

    private StorePorts A { get; }

    private StorePorts B { get; }

    /// <summary>Opens one more host's store over the data every host of the test shares (the first call creates it).</summary>
    protected abstract StorePorts OpenHost();

    [Fact]
    public async Task TwoHostsAppendingAtOnce_KeepOneAuditChain()
    {
        var (a, b) = (Services(A), Services(B));

        await Task.WhenAll(Enumerable.Range(1, 24).Select(v => Task.Run(() =>
            (v % 2 == 0 ? a : b).Register(new RegisterItem(Key($"fraud-detection/chain-{v}@1"), ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com")))));

        var trail = B.Audit.Trail().ToList();
        Assert.Equal(Enumerable.Range(1, 24).Select(i => (long)i), trail.Select(e => e.Seq));
        Assert.True(AuditChain.Verify(trail).Ok);
        Assert.Equal(trail, A.Audit.Trail());
    }

    [Fact]
    public async Task TheSameDeliveryId_ThroughTwoHostsAtOnce_IsAppliedOnce()
    {
        var (a, b) = (Services(A), Services(B));
        var ids = Enumerable.Range(1, 10).Select(i => $"slack:retried-{i}").ToList();

        var results = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var command = new RegisterItem(Key($"fraud-detection/retried-{i}@1"), ItemKind.Model, RiskLevel.Low, Evidence.None);
            using var gate = new Barrier(2);
            var both = await Task.WhenAll(
                Task.Run(() => { gate.SignalAndWait(); return a.Register(command, As("ana@example.com", id)); }),
                Task.Run(() => { gate.SignalAndWait(); return b.Register(command, As("ana@example.com", id)); }));
            return both;
        }));

        Assert.All(results, both =>
        {
            Assert.Single(both, r => !r.Repeated);
            Assert.Single(both, r => r.Repeated);
            Assert.Equal(Assert.IsType<Outcome.Applied>(both[0].Outcome).Events, Assert.IsType<Outcome.Applied>(both[1].Outcome).Events);
        });
        Assert.Equal(10, A.Audit.Trail().Count());
    }

    [Fact]
    public async Task AnswersOnOneSignOff_ThroughTwoHostsAtOnce_AreAllKept()
    {
        var (a, b) = (Services(A), Services(B));
        var keys = Enumerable.Range(1, 6).Select(i => Key($"fraud-detection/answered-{i}@1")).ToList();
        foreach (var key in keys)
        {
            a.Register(new RegisterItem(key, ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com"));
            b.RequestFeedback(key, [], As("ana@example.com"));
        }

        var answers = new[] { ("ops@example.com", "IT & Operations"), ("ben@example.com", "Risk & Compliance"), ("biz@example.com", "Business") };
        await Task.WhenAll(keys.SelectMany(key => answers.Select((answer, i) => Task.Run(() =>
            (i % 2 == 0 ? a : b).SubmitFeedback(key, answer.Item2, FeedbackAnswerKind.Approve, $"from {answer.Item1}", As(answer.Item1))))));

        foreach (var key in keys)
        {
            var signOff = A.SignOffs.FindItem(key)!.SignOff;
            Assert.All(answers, answer => Assert.Equal(answer.Item1, Assert.Single(signOff.FindSlot(answer.Item2)!.Answers).By));
        }

        Assert.True(AuditChain.Verify(A.Audit.Trail()).Ok);
    }

    [Fact]
    public async Task ADueReminder_BothHostsScanAtOnce_IsSentByOne()
    {
        var targets = Enumerable.Range(1, 10)
            .Select(i => new ReminderTarget(ReminderKind.Parse("feedback"), $"fraud-detection/chased-{i}@1", "Business", new PersonId("biz@example.com"), Start))
            .ToList();
        A.UnitOfWork.Transact(session =>
        {
            targets.ForEach(t => session.ReplaceReminderTargets(t.Item, [new PlannedReminder(t, Start.AddHours(1))]));
            return 0;
        });

        var sent = await Task.WhenAll(new[] { A, B }.Select(host => Task.Run(() =>
            host.Reminders.DueReminders(Start.AddHours(2), 100).Sum(r => SignOffStoreContract.SendIfDue(host, r.Id, Start.AddHours(2))))));

        Assert.Equal(10, sent.Sum());
        Assert.Empty(B.Reminders.DueReminders(Start.AddHours(2), 100));
    }

    [Fact]
    public void ANoticeBothHostsPlanAtOnce_GetsItsDeliveriesOnce()
    {
        var now = _time.GetUtcNow();
        A.UnitOfWork.Transact(session =>
        {
            session.EnqueueNotices([new PrivateTextNotice(new PersonId("ana@example.com"), "fraud-detection/churn-xgb@7", "hello")], now);
            return 0;
        });
        var (seenByA, seenByB) = (Assert.Single(A.Outbox.UnplannedNotices(10)), Assert.Single(B.Outbox.UnplannedNotices(10)));

        var byA = A.Outbox.PlanDeliveries([new NoticePlan(seenByA, "private-text", null, [("slack", "dm:U1"), ("teams", "person:ana@example.com")])], now.UtcDateTime);
        var byB = B.Outbox.PlanDeliveries([new NoticePlan(seenByB, "private-text", null, [("slack", "dm:U1"), ("teams", "person:ana@example.com")])], now.UtcDateTime);

        Assert.Equal(2, Assert.Single(byA).Count);
        Assert.Empty(Assert.Single(byB));
        Assert.Equal(2, B.Outbox.Due(now.UtcDateTime, 10).Count);
    }

    [Fact]
    public void ADeliveryHostAClaimed_IsNotClaimedByHostB_UntilTheLeaseRunsOut_AndAsLateSaveChangesNothing()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var planned = Plan(now, ("slack", "dm:U1"), ("teams", "person:ana@example.com"));

        var claimedByA = A.Outbox.Claim(now, Lease, 10);
        Assert.Equal(planned.Select(d => d.Id), claimedByA.Select(d => d.Id));
        Assert.Empty(B.Outbox.Claim(now, Lease, 10));
        Assert.Empty(B.Outbox.Claim(now + Lease - TimeSpan.FromSeconds(1), Lease, 10));
        Assert.Equal(now + Lease, B.Outbox.NextOpenAttempt());

        // Host A stops answering: once its lease is over, host B takes its deliveries over.
        var later = now + Lease + TimeSpan.FromSeconds(1);
        var claimedByB = B.Outbox.Claim(later, Lease, 10);
        Assert.Equal(planned.Select(d => d.Id), claimedByB.Select(d => d.Id));
        Assert.Empty(A.Outbox.Claim(later, Lease, 10));

        claimedByB[0].Status = OutboxStatus.Sent;
        claimedByB[1].Attempts = 1;
        claimedByB[1].NextAttemptAt = later.AddMinutes(1);
        B.Outbox.Save(claimedByB);
        // What host A learnt too late is dropped: host B's states stay.
        foreach (var delivery in claimedByA)
        {
            delivery.Status = OutboxStatus.Dead;
            delivery.LastError = "host A, too late";
        }

        A.Outbox.Save(claimedByA);

        Assert.Empty(A.Outbox.Dead(10));
        var open = Assert.Single(A.Outbox.Due(later.AddMinutes(1), 10));
        Assert.Equal((claimedByB[1].Id, 1), (open.Id, open.Attempts));
        Assert.Equal([open.Id], A.Outbox.Claim(later.AddMinutes(1), Lease, 10).Select(d => d.Id));
    }

    [Fact]
    public async Task TwoHostsClaimingAndSendingAtOnce_TakeEachDueDeliveryOnce()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var planned = Plan(now, [.. Enumerable.Range(1, 60).Select(i => ("slack", $"dm:U{i}"))]);
        var claimed = new[] { new List<long>(), new List<long>() };

        // Both claim in the same rounds (a busy machine could otherwise run one host's rounds before the other starts).
        using var together = new Barrier(2);
        await Task.WhenAll(new[] { A, B }.Select((host, h) => Task.Run(() =>
        {
            for (var round = 0; round < 30; round++)
            {
                together.SignalAndWait(TimeSpan.FromSeconds(30));
                var due = host.Outbox.Claim(now, Lease, 3);
                claimed[h].AddRange(due.Select(d => d.Id));
                due.ToList().ForEach(d => d.Status = OutboxStatus.Sent);
                host.Outbox.Save(due);
            }
        })));

        var all = claimed.SelectMany(c => c).ToList();
        Assert.Equal(planned.Select(d => d.Id).Order(), all.Order());
        Assert.NotEmpty(claimed[0]);
        Assert.NotEmpty(claimed[1]);
    }

    [Fact]
    public void ALaneHostAHoldsDeliveriesOf_IsLeftToIt()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var planned = Plan(now, ("slack", "dm:U1"), ("slack", "dm:U1"), ("slack", "dm:U2"));

        Assert.Equal([planned[0].Id], A.Outbox.Claim(now, Lease, 1).Select(d => d.Id));
        Assert.Equal([planned[2].Id], B.Outbox.Claim(now, Lease, 10).Select(d => d.Id));
        Assert.Equal([planned[0].Id, planned[1].Id], A.Outbox.Claim(now, Lease, 10).Select(d => d.Id));
    }

    public void Dispose()
    {
        A.Lifetime.Dispose();
        B.Lifetime.Dispose();
        Closed();
        GC.SuppressFinalize(this);
    }

    /// <summary>After the test, once both hosts' stores are closed.</summary>
    protected virtual void Closed()
    {
    }

    private List<OutboxMessage> Plan(DateTime now, params (string Platform, string Target)[] targets)
    {
        A.UnitOfWork.Transact(session =>
        {
            session.EnqueueNotices([new PrivateTextNotice(new PersonId("ana@example.com"), "fraud-detection/churn-xgb@7", "hello")], _time.GetUtcNow());
            return 0;
        });
        var notice = Assert.Single(A.Outbox.UnplannedNotices(10));
        return [.. Assert.Single(A.Outbox.PlanDeliveries([new NoticePlan(notice, "private-text", null, targets)], now))];
    }

    private SignOffService Services(StorePorts host) => new(_governance, host.SignOffs, new ActionRunner(host.UnitOfWork, _time, _governance));

    private static ItemKey Key(string text) => ItemKey.TryParse(text, out var key) ? key : throw new ArgumentException(text);

    private static ActionContext As(string person, string? deliveryId = null) => new(person, "slack", "slack", deliveryId);
}
