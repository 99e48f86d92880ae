using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Items;

namespace SignOffBot.Host.Tests.Storage;

/// <summary>A repeated platform delivery id changes nothing and gets the earlier outcome back, also after a restart.</summary>
public sealed class StoreIdempotencyTests
{
    private const string Churn7 = "fraud-detection/churn-xgb@7";

    [Fact]
    public void SameDeliveryIdTwice_SecondIsRepeatedWithTheEarlierOutcome_AndOneAuditEvent()
    {
        using var bench = new StoreFixture();
        var key = StoreFixture.Key(Churn7);
        bench.Register(Churn7, "ana@example.com");
        bench.SignOffs.RequestFeedback(key, [], StoreFixture.As("ana@example.com"));
        var eventsBefore = bench.Audit().Count;

        var first = bench.SignOffs.SubmitFeedback(key, "Business", FeedbackAnswerKind.MinorIssue, "pricing copy", StoreFixture.As("biz@example.com", "slack:1700000000.123"));
        bench.Time.Advance(TimeSpan.FromSeconds(3));
        var second = bench.SignOffs.SubmitFeedback(key, "Business", FeedbackAnswerKind.MinorIssue, "pricing copy", StoreFixture.As("biz@example.com", "slack:1700000000.123"));

        Assert.True(first.Outcome.IsApplied);
        Assert.False(first.Repeated);
        Assert.True(second.Repeated);
        var firstEvents = Assert.IsType<Outcome.Applied>(first.Outcome).Events;
        var secondEvents = Assert.IsType<Outcome.Applied>(second.Outcome).Events;
        Assert.Equal(firstEvents, secondEvents);
        Assert.Single(second.Value!.SignOff.FindSlot("Business")!.Answers);
        Assert.Equal(eventsBefore + 1, bench.Audit().Count);
        Assert.Single(bench.Audit(), e => e.DeliveryId == "slack:1700000000.123");
    }

    [Fact]
    public void SameDeliveryId_AfterTheFileIsReopened_IsStillRepeated()
    {
        using var bench = new StoreFixture();
        var key = StoreFixture.Key(Churn7);
        bench.Register(Churn7, "ana@example.com");
        bench.SignOffs.RequestFinal(key, StoreFixture.As("ana@example.com"));
        var first = bench.SignOffs.Decide(key, FinalDecisionKind.Reject, "no rollback plan", StoreFixture.As("ben@example.com", "teams:activity-42"));
        Assert.True(first.Outcome.IsApplied);
        var audit = bench.Audit().Select(StoreFixture.Snapshot).ToList();

        bench.Reopen();
        bench.Time.Advance(TimeSpan.FromHours(2));
        // The same delivery again, and another approver pressing with the same id: neither changes anything.
        var again = bench.SignOffs.Decide(key, FinalDecisionKind.Reject, "no rollback plan", StoreFixture.As("ben@example.com", "teams:activity-42"));
        var other = bench.SignOffs.Decide(key, FinalDecisionKind.Abandon, "gone", StoreFixture.As("chen@example.com", "teams:activity-42"));

        Assert.True(again.Repeated);
        Assert.True(other.Repeated);
        Assert.Equal(Assert.IsType<Outcome.Applied>(first.Outcome).Events, Assert.IsType<Outcome.Applied>(again.Outcome).Events);
        Assert.Equal(SignOffState.Rejected, other.Value!.SignOff.State);
        Assert.Equal("ben@example.com", other.Value.SignOff.Final.Decision!.By);
        Assert.Equal(audit, bench.Audit().Select(StoreFixture.Snapshot).ToList());
    }

    [Fact]
    public void RefusedAction_RepeatedWithTheSameDeliveryId_GetsTheSameRefusal_EvenOnceItWouldBeAllowed()
    {
        using var bench = new StoreFixture();
        var key = StoreFixture.Key(Churn7);
        bench.Register(Churn7, "ana@example.com");

        var refused = bench.SignOffs.SubmitFeedback(key, "IT & Operations", FeedbackAnswerKind.Approve, null, StoreFixture.As("ops@example.com", "slack:early-press"));
        var violation = Assert.IsType<Outcome.Refused>(refused.Outcome).Violation;
        var eventsAfterRefusal = bench.Audit().Count;

        bench.SignOffs.RequestFeedback(key, [], StoreFixture.As("ana@example.com"));
        bench.Reopen();
        var repeated = bench.SignOffs.SubmitFeedback(key, "IT & Operations", FeedbackAnswerKind.Approve, null, StoreFixture.As("ops@example.com", "slack:early-press"));

        Assert.True(repeated.Repeated);
        Assert.Equal(violation, Assert.IsType<Outcome.Refused>(repeated.Outcome).Violation);
        Assert.Empty(repeated.Value!.SignOff.FindSlot("IT & Operations")!.Answers);
        Assert.Equal(eventsAfterRefusal + 1, bench.Audit().Count);
        Assert.DoesNotContain(bench.Audit(), e => e.DeliveryId == "slack:early-press");

        // A fresh delivery id is a new press and is answered on its own merits.
        var fresh = bench.SignOffs.SubmitFeedback(key, "IT & Operations", FeedbackAnswerKind.Approve, null, StoreFixture.As("ops@example.com", "slack:later-press"));
        Assert.True(fresh.Outcome.IsApplied, fresh.Outcome.Message);
        Assert.False(fresh.Repeated);
    }

    [Fact]
    public void DeployCheck_RepeatedDeliveryId_RecordsOneCheck_AndAnswersWithTheCurrentState()
    {
        using var bench = new StoreFixture();
        var key = StoreFixture.Key(Churn7);
        bench.Register(Churn7, "ana@example.com");

        var first = bench.Deploys.Check(key, "prod-api", StoreFixture.As("api-key:ci", "run-77"));
        bench.SignOffs.RequestFinal(key, StoreFixture.As("ana@example.com"));
        bench.SignOffs.Decide(key, FinalDecisionKind.Approve, null, StoreFixture.As("chen@example.com"));
        bench.Reopen();
        var again = bench.Deploys.Check(key, "prod-api", StoreFixture.As("api-key:ci", "run-77"));

        Assert.Equal(DeployDecision.Blocked, first.Value!.Decision);
        Assert.True(again.Repeated);
        Assert.Equal(Assert.IsType<Outcome.Applied>(first.Outcome).Events, Assert.IsType<Outcome.Applied>(again.Outcome).Events);
        Assert.Equal(DeployDecision.Allowed, again.Value!.Decision);
        Assert.Single(bench.Audit(), e => e.Action == AuditActions.DeployCheck);
    }

    [Fact]
    public void ARepeatedDelivery_AndAReadOnlyUnit_PayNoFsync_WhileEveryWriteStillDoes()
    {
        using var bench = new StoreFixture();
        var key = StoreFixture.Key(Churn7);
        bench.Register(Churn7, "ana@example.com");
        bench.SignOffs.RequestFeedback(key, [], StoreFixture.As("ana@example.com"));

        var beforeAnswer = bench.Storage.UnitOfWork.DurableSyncs;
        var first = bench.SignOffs.SubmitFeedback(key, "Business", FeedbackAnswerKind.Approve, null, StoreFixture.As("biz@example.com", "slack:1700000000.777"));
        var afterAnswer = bench.Storage.UnitOfWork.DurableSyncs;
        var again = bench.SignOffs.SubmitFeedback(key, "Business", FeedbackAnswerKind.Approve, null, StoreFixture.As("biz@example.com", "slack:1700000000.777"));
        var read = bench.Storage.UnitOfWork.Transact(session => session.FindItem(key));

        Assert.True(first.Outcome.IsApplied);
        Assert.Equal(beforeAnswer + 1, afterAnswer);
        Assert.True(again.Repeated);
        Assert.NotNull(read);
        Assert.Equal(afterAnswer, bench.Storage.UnitOfWork.DurableSyncs);

        // The next write is made durable as before.
        bench.SignOffs.SubmitFeedback(key, "Business", FeedbackAnswerKind.MinorIssue, "copy", StoreFixture.As("biz@example.com", "slack:1700000000.778"));
        Assert.Equal(afterAnswer + 1, bench.Storage.UnitOfWork.DurableSyncs);
    }
}
