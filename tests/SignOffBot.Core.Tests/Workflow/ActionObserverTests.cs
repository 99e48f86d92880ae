using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Tests.Builders;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Core.Tests.Workflow;

/// <summary>The runner tells its observer each action's start and what it committed, and nothing when it threw.</summary>
public sealed class ActionObserverTests
{
    [Fact]
    public void Run_TellsTheObserver_TheContextThenTheCommittedResult_AndARepeatAsRepeated()
    {
        var observer = new RecordingObserver();
        var bench = new WorkflowFixture();
        var signOffs = new SignOffService(bench.Governance, bench.Store, new ActionRunner(bench.Store, bench.Clock, bench.Governance, observer: observer));
        var command = new RegisterItem(TestItems.Key, ItemKind.Model, RiskLevel.Low, TestItems.FullEvidence);

        signOffs.Register(command, WorkflowFixture.As(TestGovernance.Dev, "delivery-1"));
        signOffs.Register(command, WorkflowFixture.As(TestGovernance.Dev, "delivery-1"));

        var begin = $"begin {TestGovernance.Dev}";
        Assert.Equal([begin, "committed applied item-registered", "disposed", begin, "committed repeated", "disposed"], observer.Seen);
    }

    [Fact]
    public void Run_WhenTheUnitThrows_DisposesTheObservation_WithoutACommit()
    {
        var observer = new RecordingObserver();
        var bench = new WorkflowFixture();
        var runner = new ActionRunner(bench.Store, bench.Clock, bench.Governance, observer: observer);

        Assert.Throws<InvalidOperationException>(() => runner.Run<Item>(WorkflowFixture.As(TestGovernance.Dev), (_, _) => throw new InvalidOperationException("store fault"), _ => null));

        Assert.Equal([$"begin {TestGovernance.Dev}", "disposed"], observer.Seen);
    }

    private sealed class RecordingObserver : IActionObserver
    {
        public List<string> Seen { get; } = [];

        public IActionObservation Begin(ActionContext context)
        {
            Seen.Add($"begin {context.Actor}");
            return new Observation(Seen);
        }

        private sealed class Observation(List<string> seen) : IActionObservation
        {
            public void Committed<T>(ActionResult<T> result) => seen.Add(result.Repeated
                ? "committed repeated"
                : $"committed {(result.Outcome.IsApplied ? "applied" : "other")} {((Outcome.Applied)result.Outcome).Events[0].Action}");

            public void Dispose() => seen.Add("disposed");
        }
    }
}
