using System.Collections.Concurrent;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Items;

namespace SignOffBot.Host.Tests.Persistence;

/// <summary>SPEC section 2: two answers on the same sign-off arriving together are both kept, the chain never forks.</summary>
public sealed class LiteDbConcurrencyTests
{
    [Fact]
    public async Task SubmitFeedback_WhenManyAnswersArriveInParallel_KeepsEveryAppliedAnswerAndOneAuditEventEach()
    {
        var path = StoreHarness.NewDatabasePath();
        using var harness = new StoreHarness(path, StoreHarness.NewTime());
        harness.Register(StoreHarness.Churn7);
        harness.RequestFeedback(StoreHarness.Churn7);
        var eventsBefore = harness.Storage.Audit.Trail().Count();

        var calls = new List<(string Person, string Category, FeedbackAnswerKind Answer, string Comment)>();
        for (var i = 0; i < 24; i++)
        {
            var person = i % 2 == 0 ? "ben@example.com" : "chen@example.com";
            var answer = i % 3 == 0 ? FeedbackAnswerKind.Approve : FeedbackAnswerKind.MinorIssue;
            calls.Add((person, "Risk & Compliance", answer, $"{person} look #{i}"));
        }

        for (var i = 0; i < 10; i++)
        {
            calls.Add(("ops@example.com", "IT & Operations", FeedbackAnswerKind.MinorIssue, $"ops note #{i}"));
            calls.Add(("biz@example.com", "Business", i % 2 == 0 ? FeedbackAnswerKind.MajorIssue : FeedbackAnswerKind.Approve, $"biz note #{i}"));
        }

        Assert.True(calls.Count >= 40);
        var results = new ConcurrentBag<(string Person, string Category, string Comment, Outcome Outcome)>();
        using var start = new ManualResetEventSlim(false);
        var tasks = calls.Select(call => Task.Run(() =>
        {
            start.Wait();
            var result = harness.SignOffs.SubmitFeedback(StoreHarness.Churn7, call.Category, call.Answer, call.Comment, StoreHarness.As(call.Person));
            results.Add((call.Person, call.Category, call.Comment, result.Outcome));
        })).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        Assert.Equal(calls.Count, results.Count);
        var applied = results.Where(r => r.Outcome.IsApplied).ToList();
        Assert.All(results, r => Assert.False(r.Outcome.IsRefused, $"{r.Person} on {r.Category}: {r.Outcome.Message}"));
        Assert.Equal(calls.Count, applied.Count);

        var item = harness.Store.FindItem(StoreHarness.Churn7)!;
        var stored = item.SignOff.Feedback.SelectMany(s => s.Answers.Select(a => (a.By, s.Category, a.Comment))).ToList();
        Assert.Equal(applied.Count, stored.Count);
        foreach (var r in applied)
        {
            Assert.Contains((r.Person, r.Category, (string?)r.Comment), stored);
        }

        var trail = harness.Storage.Audit.Trail().ToList();
        Assert.Equal(eventsBefore + applied.Count, trail.Count);
        var feedbackEvents = trail.Where(e => e.Action == AuditActions.Feedback).Select(e => (e.Actor, e.Slot, e.Comment)).ToList();
        Assert.Equal(applied.Count, feedbackEvents.Count);
        foreach (var r in applied)
        {
            Assert.Contains((r.Person, (string?)r.Category, (string?)r.Comment), feedbackEvents);
        }

        Assert.Equal(Enumerable.Range(1, trail.Count).Select(i => (long)i), trail.Select(e => e.Seq));
        var verification = AuditChain.Verify(harness.Storage.Audit.Trail());
        Assert.True(verification.Ok, $"chain broken at {verification.BrokenAt}");
        Assert.Equal(trail.Count, verification.Events);
    }

    [Fact]
    public async Task SubmitFeedback_WhenGroupMembersAnswerThroughParallelForEach_KeepsEveryAnswerInTheHistory()
    {
        var path = StoreHarness.NewDatabasePath();
        using var harness = new StoreHarness(path, StoreHarness.NewTime());
        harness.Register(StoreHarness.Churn7);
        harness.RequestFeedback(StoreHarness.Churn7);

        // 48 distinct answers by the two members of the slot's group, through Parallel.ForEachAsync.
        var calls = Enumerable.Range(0, 48).Select(i => (Person: i % 2 == 0 ? "ben@example.com" : "chen@example.com", Comment: $"round {i}")).ToList();
        var applied = 0;
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (call, _) =>
        {
            var result = harness.SignOffs.SubmitFeedback(StoreHarness.Churn7, "Risk & Compliance", FeedbackAnswerKind.MinorIssue, call.Comment, StoreHarness.As(call.Person));
            if (result.Outcome.IsApplied)
            {
                Interlocked.Increment(ref applied);
            }

            return ValueTask.CompletedTask;
        });

        var slot = harness.Store.FindItem(StoreHarness.Churn7)!.SignOff.FindSlot("Risk & Compliance")!;
        Assert.Equal(48, applied);
        Assert.Equal(applied, slot.Answers.Count);
        Assert.Equal(calls.Select(c => c.Comment).Order(StringComparer.Ordinal), slot.Answers.Select(a => a.Comment!).Order(StringComparer.Ordinal));
        var verification = AuditChain.Verify(harness.Storage.Audit.Trail());
        Assert.True(verification.Ok);
        Assert.Equal(2 + applied, verification.Events);
    }
}
