using Microsoft.Extensions.Time.Testing;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Host.Tests.Storage.Contract;

/// <summary>
/// What every store must do, written once through the core's ports and run against each store (LiteDB now; a later
/// store subclasses this with its own <see cref="OpenStore"/>): group commit with each caller's own result, a failing
/// unit rolled back alone, delivery ids deduplicated across a reopen, one audit chain, acknowledged writes still there
/// after a reopen, and the outbox and reminder queries (due only).
/// </summary>
public abstract class SignOffStoreContract : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly List<IDisposable> _open = [];

    protected SignOffStoreContract()
    {
        Governance = StoreBench.SampleGovernanceModel();
        Store = Reopen();
    }

    protected GovernanceModel Governance { get; }

    protected FakeTimeProvider Time { get; } = new(Start);

    protected ISignOffStore Store { get; private set; }

    /// <summary>Opens the store over the same data each time it is called (the first call creates it).</summary>
    protected abstract ISignOffStore OpenStore();

    /// <summary>The ids of the reminder targets due at <paramref name="now"/>.</summary>
    protected abstract IReadOnlyList<string> DueReminders(ISignOffStore store, DateTimeOffset now);

    /// <summary>How many queued notices wait to be planned or sent.</summary>
    protected abstract int WaitingNotices(ISignOffStore store);

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
        var bad = Task.Run(() => Store.Transact<int>(session =>
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
        var events = Store.AuditTrail().Count();

        Store = Reopen();
        var again = Services(Store).SignOffs.Register(new RegisterItem(Key("fraud-detection/churn-xgb@7"), ItemKind.Bundle, RiskLevel.High, Evidence.None), As("ana@example.com", "slack:delivery-1"));

        Assert.True(first.Outcome.IsApplied);
        Assert.True(again.Repeated);
        Assert.Equal(Assert.IsType<Outcome.Applied>(first.Outcome).Events, Assert.IsType<Outcome.Applied>(again.Outcome).Events);
        Assert.Equal(events, Store.AuditTrail().Count());
        Assert.Equal(ItemKind.Model, Store.FindItem(Key("fraud-detection/churn-xgb@7"))!.Kind);
    }

    [Fact]
    public async Task TheAuditTrail_IsOneChain_UnderConcurrentWriters_AndAfterAReopen()
    {
        var services = Services(Store);
        await Task.WhenAll(Enumerable.Range(1, 16).Select(v => Task.Run(() => services.SignOffs.Register(
            new RegisterItem(Key($"fraud-detection/chain-{v}@1"), ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com")))));

        Store = Reopen();
        var trail = Store.AuditTrail().ToList();

        Assert.Equal(16, trail.Count);
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), trail.Select(e => e.Seq));
        Assert.True(AuditChain.Verify(trail).Ok);
    }

    [Fact]
    public void AnAcknowledgedAnswer_IsStoredWithItsAuditEventAndNotices_AfterAReopen()
    {
        var services = Services(Store);
        var key = Key("fraud-detection/churn-xgb@7");
        services.SignOffs.Register(new RegisterItem(key, ItemKind.Model, RiskLevel.Low, Evidence.None), As("ana@example.com"));
        services.SignOffs.RequestFeedback(key, ["Business"], As("ana@example.com"));
        var waiting = WaitingNotices(Store);

        var answered = services.SignOffs.SubmitFeedback(key, "Business", FeedbackAnswerKind.Approve, "fine", As("biz@example.com", "teams:c|a1"));
        Assert.True(answered.Outcome.IsApplied);
        var noticesOfTheAnswer = WaitingNotices(Store) - waiting;
        Store = Reopen();

        var answer = Assert.Single(Store.FindItem(key)!.SignOff.FindSlot("Business")!.Answers);
        Assert.Equal(("biz@example.com", "fine"), (answer.By, answer.Comment));
        Assert.Contains(Store.AuditTrail(), e => e.DeliveryId == "teams:c|a1" && e.Answer == "approve");
        Assert.True(noticesOfTheAnswer > 0);
        Assert.Equal(waiting + noticesOfTheAnswer, WaitingNotices(Store));
    }

    [Fact]
    public void ReminderTargets_AreFoundOnlyOnceDue_AndReplacedWithTheirScope()
    {
        var early = new ReminderTarget("feedback", "fraud-detection/churn-xgb@7", "Business", "biz@example.com", Start);
        var late = new ReminderTarget("feedback", "fraud-detection/churn-xgb@7", "IT & Operations", "ops@example.com", Start);
        Store.Transact(session =>
        {
            session.ReplaceReminderTargets("fraud-detection/churn-xgb@7",
                [new PlannedReminder(early, Start.AddHours(24)), new PlannedReminder(late, Start.AddHours(48))]);
            return 0;
        });

        Assert.Empty(DueReminders(Store, Start.AddHours(23)));
        Assert.Equal([early.Id], DueReminders(Store, Start.AddHours(25)));
        Assert.Equal(new[] { early.Id, late.Id }.Order(StringComparer.Ordinal), DueReminders(Store, Start.AddHours(49)).Order(StringComparer.Ordinal));

        // Answered: the scope is replaced without the early target.
        Store.Transact(session =>
        {
            session.ReplaceReminderTargets("fraud-detection/churn-xgb@7", [new PlannedReminder(late, Start.AddHours(48))]);
            return 0;
        });
        Assert.Equal([late.Id], DueReminders(Store, Start.AddHours(49)));
    }

    public void Dispose()
    {
        foreach (var store in _open)
        {
            store.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    private ISignOffStore Reopen()
    {
        foreach (var store in _open)
        {
            store.Dispose();
        }

        _open.Clear();
        var opened = OpenStore();
        if (opened is IDisposable disposable)
        {
            _open.Add(disposable);
        }

        return opened;
    }

    private (SignOffService SignOffs, ActionRunner Runner) Services(ISignOffStore store)
    {
        var runner = new ActionRunner(store, Time, Governance);
        return (new SignOffService(Governance, store, runner), runner);
    }

    private static ItemKey Key(string text) => ItemKey.TryParse(text, out var key) ? key : throw new ArgumentException(text);

    private static ActionContext As(string person, string? deliveryId = null) => new(person, "slack", "slack", deliveryId);

    private Item TestItem(string key) =>
        Item.Register(Governance, "ana@example.com", Key(key), ItemKind.Model, RiskLevel.Low, Evidence.None, Start).Item!;
}
