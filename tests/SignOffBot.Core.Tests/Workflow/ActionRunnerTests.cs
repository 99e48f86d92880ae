using Microsoft.Extensions.Time.Testing;
using SignOffBot.Core.Audit;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Ports;
using SignOffBot.Core.Tests.Builders;
using SignOffBot.Core.Tests.Fakes;
using SignOffBot.Core.Workflow;

namespace SignOffBot.Core.Tests.Workflow;

public sealed class ActionRunnerTests
{
    private readonly FakeTimeProvider _clock = new(TestItems.T0);
    private readonly InMemorySignOffStore _store = new();

    private ActionRunner Runner => new(_store, _clock, TestGovernance.Model);

    private static readonly DomainEvent First = new("feedback", "fraud-detection/churn-xgb@7", "Business", "approve", null);
    private static readonly DomainEvent Second = new("delegated", "fraud-detection/churn-xgb@7", "final", null, "delegated to eve@example.com");

    [Fact]
    public void Run_WhenApplied_AppendsOneLinkedAuditEventPerDomainEvent()
    {
        var context = new ActionContext("biz@example.com", "teams", "teams", "activity-1");

        var result = Runner.Run<string>(context, (_, _) => (new Outcome.Applied([First, Second]), "value"), _ => "current");

        Assert.Equal("value", result.Value);
        Assert.False(result.Repeated);
        var trail = _store.Trail().ToList();
        Assert.Equal(2, trail.Count);
        Assert.Equal(
            new AuditEvent(1, TestItems.T0, "biz@example.com", "teams", "feedback", "fraud-detection/churn-xgb@7", "Business", "approve", null,
                "teams", "activity-1", AuditChain.GenesisHash, trail[0].Hash),
            trail[0]);
        Assert.Equal(2, trail[1].Seq);
        Assert.Equal("delegated", trail[1].Action);
        Assert.Equal(trail[0].Hash, trail[1].PrevHash);
        Assert.True(AuditChain.Verify(trail).Ok);
    }

    [Fact]
    public void Run_WhenClockHasSubMillisecondTicks_StampsMillisecondPrecisionUtc()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 9, 0, 0, 123, TimeSpan.Zero).AddTicks(4567));

        Runner.Run<string>(new ActionContext("dev@example.com", "http", "http"), (_, now) => (Outcome.Apply(First), now.ToString("O")), _ => null);

        var e = Assert.Single(_store.Trail());
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, 123, TimeSpan.Zero), e.At);
        Assert.Equal(TimeSpan.Zero, e.At.Offset);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_WhenRefusedOrUnchanged_AppendsNothing(bool refused)
    {
        var outcome = refused ? Outcome.Refuse(Rules.NotAssigned()) : Outcome.Same("Already so.");

        var result = Runner.Run<string>(new ActionContext("dev@example.com", "slack", "slack", "t-1"), (_, _) => (outcome, null), _ => null);

        Assert.Same(outcome, result.Outcome);
        Assert.Empty(_store.Trail());
    }

    [Fact]
    public void Run_WhenDeliveryIdRepeated_DoesNotRunTheActionAgainAndReturnsTheEarlierOutcome()
    {
        var runs = 0;
        var context = new ActionContext("biz@example.com", "slack", "slack", "trigger-42");
        (Outcome, string?) Action(IStoreSession session, DateTimeOffset now)
        {
            runs++;
            return (Outcome.Apply(First), $"run {runs}");
        }

        var first = Runner.Run<string>(context, Action, _ => "as it stands");
        _clock.Advance(TimeSpan.FromSeconds(3));
        var second = Runner.Run<string>(context, Action, _ => "as it stands");

        Assert.Equal(1, runs);
        Assert.False(first.Repeated);
        Assert.True(second.Repeated);
        Assert.Equal("as it stands", second.Value);
        Assert.Equal([First], Assert.IsType<Outcome.Applied>(second.Outcome).Events);
        Assert.Single(_store.Trail());
    }

    [Fact]
    public void Run_WhenRefusedDeliveryRepeated_ReturnsTheSameRefusal()
    {
        var context = new ActionContext("eve@example.com", "slack", "slack", "trigger-7");
        Runner.Run<string>(context, (_, _) => (Outcome.Refuse(Rules.NotAssigned()), null), _ => null);

        var again = Runner.Run<string>(context, (_, _) => (Outcome.Apply(First), null), _ => null);

        Assert.True(again.Repeated);
        var violation = Expect.Refused(again.Outcome, "not-assigned");
        Assert.Equal(Rules.NotAssigned(), violation);
        Assert.Empty(_store.Trail());
    }

    [Fact]
    public void Run_WhenNoDeliveryId_RunsEveryTime()
    {
        var context = new ActionContext("dev@example.com", "http", "http");

        Runner.Run<string>(context, (_, _) => (Outcome.Apply(First), null), _ => null);
        var second = Runner.Run<string>(context, (_, _) => (Outcome.Apply(First), null), _ => null);

        Assert.False(second.Repeated);
        Assert.Equal(2, _store.Trail().Count());
        Assert.Empty(_store.Deliveries);
    }

    [Fact]
    public void Run_WhenActionThrows_LeavesNothingBehind()
    {
        var context = new ActionContext("dev@example.com", "slack", "slack", "trigger-9");

        Assert.Throws<InvalidOperationException>(() => Runner.Run<string>(
            context,
            (session, _) =>
            {
                session.InsertItem(TestItems.Registered());
                throw new InvalidOperationException("boom");
            },
            _ => null));

        Assert.Null(_store.FindItem(TestItems.Key));
        Assert.Empty(_store.Trail());
        Assert.Empty(_store.Deliveries);
    }
}
