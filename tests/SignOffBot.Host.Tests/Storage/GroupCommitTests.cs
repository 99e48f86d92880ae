using SignOffBot.Testing;
using System.Collections.Concurrent;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Storage.Documents;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Storage;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>
/// Group commit: actions that arrive while a commit is under way are carried by the next commit together, each caller
/// returns only once that commit is on the disk, and a failing action never changes what the others get.
/// </summary>
public sealed class GroupCommitTests
{
    private const string Owner = "ana@example.com";

    [Fact]
    public async Task ActionsArrivingDuringACommit_AreCarriedByOneCommit_InArrivalOrder()
    {
        using var bench = new StoreFixture();
        using var gate = new ManualResetEventSlim(false);
        var blocker = Block(bench.Storage.UnitOfWork, gate);

        var registrations = StartInOrder(10, v => bench.SignOffs.Register(Item(v), StoreFixture.As(Owner)), bench.Storage.UnitOfWork);
        gate.Set();
        await blocker.WaitAsync(TimeSpan.FromSeconds(30));
        var results = await Task.WhenAll(registrations).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(results, r => Assert.True(r.Outcome.IsApplied, r.Outcome.Message));
        Assert.Equal((2L, 11L), bench.Storage.UnitOfWork.CommitCounts);
        var audit = bench.Audit();
        Assert.Equal(Enumerable.Range(1, 10).Select(v => $"fraud-detection/churn-xgb@{v}"), audit.Select(e => e.Item));
        Assert.True(bench.Verify().Ok);
    }

    [Fact]
    public async Task OneActionOfABatchThrows_OnlyItsCallerGetsTheException_TheOthersAreAppliedAndNothingOfItRemains()
    {
        using var bench = new StoreFixture();
        using var gate = new ManualResetEventSlim(false);
        var blocker = Block(bench.Storage.UnitOfWork, gate);

        var failing = new ActionRunner(bench.Storage.UnitOfWork, bench.Time, bench.Governance);
        var units = StartInOrder(9, v => v == 5
            ? failing.Run<Item>(StoreFixture.As(Owner, "slack:broken"), (session, now) =>
            {
                // Writes, then fails: the write must not survive, nor its delivery id.
                session.SaveDelivery(DeliveryRecord.Of("slack:ghost", Outcome.Apply(new DomainEvent("register", "fraud-detection/churn-xgb@99", null, null, null)), now));
                throw new InvalidOperationException("the action broke");
            }, _ => null)
            : bench.SignOffs.Register(Item(v), StoreFixture.As(Owner, $"slack:{v}")), bench.Storage.UnitOfWork);
        gate.Set();
        await blocker.WaitAsync(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => units[4].WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("the action broke", error.Message);
        foreach (var v in new[] { 1, 2, 3, 4, 6, 7, 8, 9 })
        {
            var result = await units[v - 1].WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(result.Outcome.IsApplied, result.Outcome.Message);
        }

        // After the blocker's commit, the batch of nine was rolled back and run again one by one: eight commits.
        Assert.Equal((8L, 8L), (bench.Storage.UnitOfWork.CommitCounts.Commits - 1, bench.Storage.UnitOfWork.CommitCounts.Units - 1));

        bench.Reopen();
        Assert.Equal(8, Enumerable.Range(1, 9).Count(v => bench.Store.FindItem(Item(v).Key) is not null));
        Assert.Null(bench.Store.FindItem(Item(5).Key));
        Assert.True(bench.Storage.UnitOfWork.Transact(session => session.FindDelivery("slack:ghost") is null && session.FindDelivery("slack:broken") is null));
        Assert.DoesNotContain(bench.Audit(), e => e.DeliveryId == "slack:broken");
        Assert.Equal(8, bench.Audit().Count);
        Assert.True(bench.Verify().Ok);
    }

    [Fact]
    public async Task TheSameDeliveryTwiceInOneBatch_IsAppliedOnce_TheSecondSeesTheFirst()
    {
        using var bench = new StoreFixture();
        bench.Register("fraud-detection/churn-xgb@7", Owner);
        var key = StoreFixture.Key("fraud-detection/churn-xgb@7");
        bench.SignOffs.RequestFeedback(key, ["Risk & Compliance"], StoreFixture.As(Owner));
        var before = bench.Audit().Count;
        using var gate = new ManualResetEventSlim(false);
        var blocker = Block(bench.Storage.UnitOfWork, gate);

        var presses = StartInOrder(2, _ => bench.SignOffs.SubmitFeedback(key, "Risk & Compliance", Core.Items.FeedbackAnswerKind.Approve, null,
            StoreFixture.As("ben@example.com", "slack:press-1")), bench.Storage.UnitOfWork);
        gate.Set();
        await blocker.WaitAsync(TimeSpan.FromSeconds(30));
        var results = await Task.WhenAll(presses).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(results[0].Outcome.IsApplied, results[0].Outcome.Message);
        Assert.True(results[1].Repeated);
        Assert.Equal(2, bench.Storage.UnitOfWork.CommitCounts.Commits - 2); // the blocker's, then both presses in one
        Assert.Equal(before + 1, bench.Audit().Count);
        Assert.Single(bench.Store.FindItem(key)!.SignOff.FindSlot("Risk & Compliance")!.Answers);
    }

    [Fact]
    public void EveryAcknowledgedAction_IsInTheStoreFilesOnDisk_WhenTheCallReturns()
    {
        using var bench = new StoreFixture();
        var acknowledged = new ConcurrentBag<int>();
        Parallel.For(1, 201, new ParallelOptions { MaxDegreeOfParallelism = 16 }, v =>
        {
            if (bench.SignOffs.Register(Item(v), StoreFixture.As(Owner, $"http:{v}")).Outcome.IsApplied)
            {
                acknowledged.Add(v);
            }
        });

        // As a crash would leave them, with the store still open: copies of the data file and its log, folded in when
        // opened (a commit is durable once it is in the log; the data file catches up at checkpoints).
        var copy = Path.Combine(TempFolder.Create(), "copy.db");
        File.Copy(bench.DatabasePath, copy);
        var log = DurableLiteDatabase.LogPathOf(bench.DatabasePath);
        if (File.Exists(log))
        {
            File.Copy(log, DurableLiteDatabase.LogPathOf(copy));
        }
        Assert.Equal(200, acknowledged.Count);
        var (commits, units) = bench.Storage.UnitOfWork.CommitCounts;
        Assert.Equal(200, units);
        Assert.True(commits <= units);
        using var reopened = new StoreFixture(databasePath: copy);
        Assert.All(acknowledged, v => Assert.NotNull(reopened.Store.FindItem(Item(v).Key)));
        Assert.Equal(200, reopened.Audit().Count);
        Assert.True(reopened.Verify().Ok);
    }

    [Fact]
    public void DueReminders_SkipTargetsThatAreDone()
    {
        using var bench = new StoreFixture();
        var reminders = bench.Storage.Records.Set<ReminderDocument>(LiteDbSetup.Reminders);
        var now = StoreFixture.Start.UtcDateTime;
        reminders.Insert(new ReminderDocument { Id = "i|done|p", Scope = "s", Kind = "feedback", Item = "i", Slot = "done", Person = "p", NextDueAt = null });
        reminders.Insert(new ReminderDocument { Id = "i|due|p", Scope = "s", Kind = "feedback", Item = "i", Slot = "due", Person = "p", NextDueAt = now.AddMinutes(-1) });
        reminders.Insert(new ReminderDocument { Id = "i|later|p", Scope = "s", Kind = "feedback", Item = "i", Slot = "later", Person = "p", NextDueAt = now.AddMinutes(1) });

        Assert.Equal(["due"], bench.Storage.Reminders.DueReminders(StoreFixture.Start, 10).Select(r => r.Target.Slot));
    }

    [Fact]
    public void CardRedraws_CoalescePerCopy_ToTheNewestWaitingOne_OnlyThroughThatCopysLane()
    {
        using var bench = new StoreFixture();
        string[] lanes = ["slack copy:A", "slack copy:B", "slack copy:A", "teams copy:A", "slack copy:A"];
        foreach (var (lane, index) in lanes.Select((l, i) => (l, i)))
        {
            InsertOutbox(bench, new OutboxMessage
            {
                Status = index == 0 ? OutboxStatus.Sent : OutboxStatus.Waiting,
                Notice = NoticeJson.Write(new CardRefreshNotice("a/m@1")),
                Platform = lane.Split(' ')[0],
                Target = lane.Split(' ')[1],
                Lane = lane,
            });
        }

        InsertOutbox(bench, new OutboxMessage { Status = OutboxStatus.Waiting, Notice = NoticeJson.Write(new CardRefreshNotice("a/m@1")), Platform = "slack", Target = "copy:A", Lane = "slack copy:A" });
        var ids = bench.Storage.ReadAll<OutboxMessage>(LiteDbSetup.Outbox).OrderBy(d => d.Id).Select(d => d.Id).ToList();

        var (newest, superseded) = bench.Storage.Outbox.SupersedeRedraws("slack copy:A");

        Assert.Equal(ids[5], newest);
        Assert.Equal([ids[2], ids[4]], superseded);
        Assert.Equal([OutboxStatus.Sent, OutboxStatus.Waiting, OutboxStatus.Sent, OutboxStatus.Waiting, OutboxStatus.Sent, OutboxStatus.Waiting],
            bench.Storage.ReadAll<OutboxMessage>(LiteDbSetup.Outbox).OrderBy(d => d.Id).Select(d => d.Status));
        var again = bench.Storage.Outbox.SupersedeRedraws("slack copy:A");
        Assert.Equal(ids[5], again.Newest);
        Assert.Empty(again.Superseded);
        var none = bench.Storage.Outbox.SupersedeRedraws("slack copy:C");
        Assert.Null(none.Newest);
        Assert.Empty(none.Superseded);
    }

    private static void InsertOutbox(StoreFixture bench, OutboxMessage message) =>
        bench.Storage.UnitOfWork.Write(session =>
        {
            session.InsertOutbox([message]);
            return message.Id;
        });

    private static RegisterItem Item(int version) =>
        new(StoreFixture.Key($"fraud-detection/churn-xgb@{version}"), ItemKind.Model, RiskLevel.Low, Evidence.None);

    /// <summary>A unit of work that holds the commit under way until <paramref name="gate"/> opens; returns once it does hold it.</summary>
    private static Task<bool> Block(LiteDbUnitOfWork store, ManualResetEventSlim gate)
    {
        using var entered = new ManualResetEventSlim(false);
        var blocker = Task.Factory.StartNew(() => store.Write(_ =>
        {
            entered.Set();
            return gate.Wait(TimeSpan.FromSeconds(30));
        }), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)), "the blocking unit never ran");
        return blocker;
    }

    /// <summary>Starts <paramref name="count"/> calls (1…count) one after the other, each once the previous one waits in the queue.</summary>
    private static List<Task<T>> StartInOrder<T>(int count, Func<int, T> call, LiteDbUnitOfWork store)
    {
        var tasks = new List<Task<T>>();
        for (var v = 1; v <= count; v++)
        {
            var version = v;
            tasks.Add(Task.Factory.StartNew(() => call(version), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
            WaitUntil(() => store.Waiting == version);
        }

        return tasks;
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "timed out waiting for the queue");
            Thread.Sleep(5);
        }
    }
}
