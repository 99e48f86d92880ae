using SignOffBot.Core.Outcomes;
using System.Collections.Concurrent;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Host.Governance;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>Many reviewers answering one sign-off at the same moment: every answer is kept and the chain never forks.</summary>
public sealed class ParallelAnswerTests
{
    private const int PanelSize = 40;
    private const int Categories = 10;
    private const string Atlas = "atlas/ranker@3";

    [Fact]
    public void FortyGroupMembers_AnswerTheSameSlotFromManyThreads_EveryAnswerIsKept()
    {
        using var bench = new StoreFixture(PanelGovernance());
        var key = StoreFixture.Key(Atlas);
        bench.Register(Atlas, "owner@example.com");
        bench.SignOffs.RequestFeedback(key, [], StoreFixture.As("owner@example.com"));
        var results = new ConcurrentBag<ActionResult<Item>>();

        Parallel.For(0, PanelSize, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var answer = i % 3 == 0 ? FeedbackAnswerKind.MinorIssue : FeedbackAnswerKind.Approve;
            results.Add(bench.SignOffs.SubmitFeedback(key, "Panel", answer, $"note from {Member(i)}", StoreFixture.As(Member(i), $"slack:{i}")));
        });

        Assert.All(results, r => Assert.True(r.Outcome.IsApplied, r.Outcome.Message));
        bench.Reopen();
        var answers = bench.Store.FindItem(key)!.SignOff.FindSlot("Panel")!.Answers;
        Assert.Equal(Enumerable.Range(0, PanelSize).Select(Member).Order(), answers.Select(a => a.By).Order());
        Assert.All(answers, a => Assert.Equal($"note from {a.By}", a.Comment));
        var audit = bench.Audit();
        Assert.Equal(2 + PanelSize, audit.Count);
        Assert.Equal(Enumerable.Range(1, audit.Count).Select(i => (long)i), audit.Select(e => e.Seq));
        Assert.Equal(Enumerable.Range(0, PanelSize).Select(i => $"slack:{i}").Order(), audit.Where(e => e.Action == "feedback").Select(e => e.DeliveryId!).Order());
        Assert.True(bench.Verify().Ok);
    }

    [Fact]
    public async Task FeedbackDelegationsAndRetriedDeliveries_AllAtOnce_AuditCountEqualsAcceptedActions()
    {
        using var bench = new StoreFixture(PanelGovernance());
        var key = StoreFixture.Key(Atlas);
        bench.Register(Atlas, "owner@example.com");
        bench.SignOffs.RequestFeedback(key, [], StoreFixture.As("owner@example.com"));
        var eventsBefore = bench.Audit().Count;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<ActionResult<Item>> Later(Func<ActionResult<Item>> act) => Task.Run(async () =>
        {
            await start.Task;
            return act();
        });

        var work = new List<Task<ActionResult<Item>>>();
        for (var i = 0; i < PanelSize; i++)
        {
            var member = Member(i);
            var delivery = $"teams:press-{i}";
            // Each press is delivered twice at once, as a platform retrying a slow answer does.
            work.Add(Later(() => bench.SignOffs.SubmitFeedback(key, "Panel", FeedbackAnswerKind.Approve, null, StoreFixture.As(member, delivery))));
            work.Add(Later(() => bench.SignOffs.SubmitFeedback(key, "Panel", FeedbackAnswerKind.Approve, null, StoreFixture.As(member, delivery))));
        }

        for (var c = 0; c < Categories; c++)
        {
            var category = $"Area {c}";
            var holder = $"reviewer{c}@example.com";
            var deputy = $"deputy{c}@example.com";
            work.Add(Later(() => bench.SignOffs.Delegate(key, category, deputy, StoreFixture.As(holder, $"slack:delegate-{category}"))));
        }

        start.SetResult();
        var results = await Task.WhenAll(work);

        var accepted = results.Count(r => r.Outcome.IsApplied && !r.Repeated);
        Assert.Equal(PanelSize + Categories, accepted);
        Assert.Equal(PanelSize, results.Count(r => r.Repeated));
        Assert.DoesNotContain(results, r => r.Outcome.IsRefused);
        var item = bench.Store.FindItem(key)!;
        Assert.Equal(PanelSize, item.SignOff.FindSlot("Panel")!.Answers.Count);
        Assert.Equal(PanelSize, item.SignOff.FindSlot("Panel")!.Answers.Select(a => a.By).Distinct().Count());
        Assert.Equal(Categories, item.SignOff.Delegations.Count);
        Assert.All(Enumerable.Range(0, Categories), c => Assert.Equal($"deputy{c}@example.com", item.SignOff.FindSlot($"Area {c}")!.Delegate));
        Assert.Equal(eventsBefore + accepted, bench.Audit().Count);
        Assert.True(bench.Verify().Ok);

        // The deputies now answer, in parallel, on their slots.
        Parallel.For(0, Categories, c =>
            Assert.True(bench.SignOffs.SubmitFeedback(key, $"Area {c}", FeedbackAnswerKind.MajorIssue, "blocking", StoreFixture.As($"deputy{c}@example.com")).Outcome.IsApplied));
        bench.Reopen();
        Assert.All(bench.Store.FindItem(key)!.SignOff.Feedback.Where(s => s.Category.StartsWith("Area", StringComparison.Ordinal)), s => Assert.Single(s.Answers));
        Assert.Equal(eventsBefore + accepted + Categories, bench.Verify().Events);
        Assert.True(bench.Verify().Ok);
    }

    private static string Member(int i) => $"panel{i:00}@example.com";

    /// <summary>A project whose Panel slot is assigned to a group of 40, plus ten single-reviewer areas.</summary>
    private static GovernanceModel PanelGovernance()
    {
        var people = new List<PersonOptions> { Person("owner@example.com"), Person("boss@example.com") };
        people.AddRange(Enumerable.Range(0, PanelSize).Select(i => Person(Member(i))));
        people.AddRange(Enumerable.Range(0, Categories).Select(c => Person($"reviewer{c}@example.com")));
        people.AddRange(Enumerable.Range(0, Categories).Select(c => Person($"deputy{c}@example.com")));
        var feedback = new List<FeedbackOptions> { new() { Category = "Panel", Assignees = ["group:panel"] } };
        feedback.AddRange(Enumerable.Range(0, Categories).Select(c => new FeedbackOptions { Category = $"Area {c}", Assignees = [$"reviewer{c}@example.com"] }));
        return StoreFixture.Build(new GovernanceOptions
        {
            People = people,
            Groups = [new GroupOptions { Id = "panel", Members = Enumerable.Range(0, PanelSize).Select(Member).ToList() }],
            Projects =
            [
                new ProjectOptions
                {
                    Key = "atlas",
                    Owners = ["owner@example.com"],
                    Feedback = feedback,
                    FinalApprover = "boss@example.com",
                },
            ],
            Infrastructures = [new InfrastructureOptions { Key = "prod", Policy = "prevent" }],
        });
    }

    private static PersonOptions Person(string id) => new() { Id = id, Name = id, TimeZone = "UTC" };
}
