using SignOffBot.Core.Audit;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Tests.Builders;
using SignOffBot.Core.Workflow;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.WorkflowFixture;

namespace SignOffBot.Core.Tests.Workflow;

public sealed class SignOffServiceTests
{
    private static readonly ItemKey Key = TestItems.Key;
    private readonly WorkflowFixture _bench = new();

    private SignOffService SignOffs => _bench.SignOffs;

    [Fact]
    public void Register_WhenProjectMember_StoresTheItemAndAuditsIt()
    {
        var result = SignOffs.Register(new RegisterItem(Key, ItemKind.Bundle, RiskLevel.High, TestItems.FullEvidence), As(Dev, platform: "http"));

        var item = Applied(result);
        Assert.Equal(Dev, item.Owner);
        Assert.Equal(TestItems.T0, item.RegisteredAt);
        Assert.Equal(SignOffState.NotStarted, item.SignOff.State);
        Assert.Same(item, _bench.Store.FindItem(Key));
        Assert.Same(item, SignOffs.Find(Key));
        var e = Assert.Single(_bench.Store.Trail());
        Assert.Equal((1L, "item-registered", "fraud-detection/churn-xgb@7", "bundle, high risk", Dev, "http"), (e.Seq, e.Action, e.Item, e.Comment, e.Actor, e.Source));
    }

    [Fact]
    public void Register_WhenVersionExists_IsRefusedAndNothingIsAppended()
    {
        _bench.Register();

        var result = SignOffs.Register(new RegisterItem(Key, ItemKind.Model, RiskLevel.Low, Evidence.None), As(Ana));

        Assert.Equal(
            "fraud-detection/churn-xgb@7 is already registered. A new version is a new item: register fraud-detection/churn-xgb@<next version>.",
            Expect.Refused(result.Outcome, "item-exists").Message);
        Assert.Single(_bench.Store.Trail());
        Assert.Equal(Dev, _bench.Store.FindItem(Key)!.Owner);
    }

    [Fact]
    public void Register_WhenSameVersionWithProjectKeyInOtherCase_IsRefusedAsExisting()
    {
        _bench.Register();

        var result = SignOffs.Register(new RegisterItem(Key with { Project = "Fraud-Detection" }, ItemKind.Model, RiskLevel.Low, Evidence.None), As(Ana));

        Expect.Refused(result.Outcome, "item-exists");
    }

    [Fact]
    public void Register_WhenNotAProjectMember_IsRefused()
    {
        var result = SignOffs.Register(new RegisterItem(Key, ItemKind.Model, RiskLevel.Low, Evidence.None), As(Ben));

        Assert.Equal(
            "ben@example.com is not an owner or member of project fraud-detection, so cannot register its items.",
            Expect.Refused(result.Outcome, "not-project-member").Message);
        Assert.Null(_bench.Store.FindItem(Key));
        Assert.Empty(_bench.Store.Trail());
    }

    [Fact]
    public void Transition_WhenItemUnknown_IsRefused()
    {
        var result = SignOffs.RequestFeedback(Key, [], As(Dev));

        Assert.Equal(
            "There is no item fraud-detection/churn-xgb@7. Items are keyed <project>/<name>@<version>, e.g. fraud-detection/churn-xgb@7.",
            Expect.Refused(result.Outcome, "unknown-item").Message);
        Assert.Null(result.Value);
    }

    [Fact]
    public void FullSignOff_WhenEveryStepApplied_AppendsOneChainedEventPerAction()
    {
        _bench.Register(RiskLevel.High);
        var steps = new Func<ActionResult<Item>>[]
        {
            () => SignOffs.RequestFeedback(Key, [], As(Dev, "t-1")),
            () => SignOffs.SubmitFeedback(Key, ItOps, FeedbackAnswerKind.Approve, null, As(Ops, "t-2")),
            () => SignOffs.SubmitFeedback(Key, RiskCompliance, FeedbackAnswerKind.Approve, "Bias review done.", As(Chen, "t-3", "teams")),
            () => SignOffs.SubmitFeedback(Key, Business, FeedbackAnswerKind.MinorIssue, "Rename the KPI.", As(Biz, "t-4")),
            () => SignOffs.RequestFinal(Key, As(Dev, "t-5")),
            () => SignOffs.Decide(Key, FinalDecisionKind.Approve, "Ship it.", As(Ben, "t-6")),
        };

        foreach (var step in steps)
        {
            _bench.Clock.Advance(TimeSpan.FromMinutes(7));
            Applied(step());
        }

        var item = _bench.Store.FindItem(Key)!;
        Assert.Equal(SignOffState.Approved, item.SignOff.State);
        var trail = _bench.Store.Trail().ToList();
        Assert.Equal(
            ["item-registered", "feedback-requested", "feedback", "feedback", "feedback", "final-approval-requested", "final-decision"],
            trail.Select(e => e.Action));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], trail.Select(e => e.Seq));
        Assert.Equal([Dev, Dev, Ops, Chen, Biz, Dev, Ben], trail.Select(e => e.Actor));
        Assert.Equal([null, "t-1", "t-2", "t-3", "t-4", "t-5", "t-6"], trail.Select(e => e.DeliveryId));
        Assert.Equal("teams", trail[3].Platform);
        Assert.Equal(TestItems.T0.AddMinutes(42), trail[6].At);
        Assert.Equal(("final", "approve", "Ship it."), (trail[6].Slot, trail[6].Answer, trail[6].Comment));
        Assert.Equal(new AuditVerification(true, 7, null), AuditChain.Verify(trail));
        Assert.Equal(7, _bench.Store.Of(Key).Count);
    }

    [Fact]
    public void Transition_WhenRefused_ChangesNothingAndAppendsNothing()
    {
        _bench.Register();
        Applied(SignOffs.RequestFeedback(Key, [], As(Dev)));
        var before = _bench.Store.FindItem(Key);

        var result = SignOffs.SubmitFeedback(Key, ItOps, FeedbackAnswerKind.Approve, null, As(Biz, "t-1"));

        Assert.Equal("This review is not assigned to you.", Expect.Refused(result.Outcome, "not-assigned").Message);
        Assert.Same(before, _bench.Store.FindItem(Key));
        Assert.Equal(2, _bench.Store.Trail().Count());
    }

    [Fact]
    public void Transition_WhenUnchanged_AppendsNothing()
    {
        _bench.Register();
        Applied(SignOffs.RequestFinal(Key, As(Dev)));

        var result = SignOffs.RequestFinal(Key, As(Ana));

        Assert.Equal("The final approval was already requested.", Assert.IsType<Outcome.Unchanged>(result.Outcome).Reason);
        Assert.Equal(2, _bench.Store.Trail().Count());
    }

    [Fact]
    public void Transition_WhenDeliveryIdRepeated_ChangesNothingAndReturnsTheEarlierOutcome()
    {
        _bench.Register();
        Applied(SignOffs.RequestFeedback(Key, [], As(Dev)));
        var first = SignOffs.SubmitFeedback(Key, Business, FeedbackAnswerKind.Approve, null, As(Biz, "slack:trigger-1"));
        var afterFirst = _bench.Store.FindItem(Key);
        var eventsAfterFirst = _bench.Store.Trail().Count();
        _bench.Clock.Advance(TimeSpan.FromSeconds(2));

        // A retried delivery of the same press, even with other content, is recognised by its id.
        var again = SignOffs.SubmitFeedback(Key, Business, FeedbackAnswerKind.MajorIssue, "Retry payload.", As(Biz, "slack:trigger-1"));

        Assert.True(again.Repeated);
        var earlier = Assert.IsType<Outcome.Applied>(first.Outcome);
        Assert.Equal(earlier.Events, Assert.IsType<Outcome.Applied>(again.Outcome).Events);
        Assert.Same(afterFirst, again.Value);
        Assert.Same(afterFirst, _bench.Store.FindItem(Key));
        Assert.Single(afterFirst!.SignOff.FindSlot(Business)!.Answers);
        Assert.Equal(eventsAfterFirst, _bench.Store.Trail().Count());
    }

    [Fact]
    public void Transition_WhenRefusedDeliveryRepeated_ReturnsTheSameRefusal()
    {
        _bench.Register();
        Applied(SignOffs.RequestFeedback(Key, [], As(Dev)));
        var first = SignOffs.Decide(Key, FinalDecisionKind.Reject, null, As(Ben, "teams:activity-9", "teams"));

        var again = SignOffs.Decide(Key, FinalDecisionKind.Reject, "Now with a comment.", As(Ben, "teams:activity-9", "teams"));

        Assert.True(again.Repeated);
        Assert.Equal(Expect.Refused(first.Outcome, "comment-required"), Expect.Refused(again.Outcome, "comment-required"));
        Assert.Equal(SignOffState.FeedbackRequested, _bench.Store.FindItem(Key)!.SignOff.State);
    }

    [Fact]
    public void Transition_WhenDifferentDeliveryIds_EachIsApplied()
    {
        _bench.Register();
        Applied(SignOffs.RequestFeedback(Key, [], As(Dev)));

        Applied(SignOffs.SubmitFeedback(Key, Business, FeedbackAnswerKind.MinorIssue, "One.", As(Biz, "d-1")));
        Applied(SignOffs.SubmitFeedback(Key, Business, FeedbackAnswerKind.Approve, null, As(Biz, "d-2")));

        Assert.Equal(2, _bench.Store.FindItem(Key)!.SignOff.FindSlot(Business)!.Answers.Count);
        Assert.Equal(4, _bench.Store.Trail().Count());
    }

    [Fact]
    public void Delegate_WhenDoneThroughTheService_IsAuditedNamingTheDelegate()
    {
        _bench.Register();
        Applied(SignOffs.RequestFeedback(Key, [], As(Dev)));

        var item = Applied(SignOffs.Delegate(Key, "business", Eve, As(Ana)));

        Assert.Equal(Eve, item.SignOff.FindSlot(Business)!.Delegate);
        var e = _bench.Store.Trail().Last();
        Assert.Equal(("delegated", Business, "delegated to eve@example.com", Ana), (e.Action, e.Slot, e.Comment, e.Actor));
    }

    [Fact]
    public void Pending_WhenFeedbackRequested_ListsTheSlotsEachPersonMayAnswer()
    {
        _bench.Register(owner: Dev);
        Applied(SignOffs.RequestFeedback(Key, [], As(Dev)));

        Assert.Equal([ItOps], SignOffs.Pending(Ops).Select(p => p.Slot));
        Assert.Equal([Business], SignOffs.Pending(Biz).Select(p => p.Slot));
        Assert.Equal([RiskCompliance], SignOffs.Pending(Ben).Select(p => p.Slot));
        Assert.Equal([RiskCompliance], SignOffs.Pending(Ana).Select(p => p.Slot));
        Assert.Empty(SignOffs.Pending(Dev));
        Assert.Empty(SignOffs.Pending(Eve));

        Applied(SignOffs.SubmitFeedback(Key, RiskCompliance, FeedbackAnswerKind.Approve, null, As(Chen)));
        Applied(SignOffs.SubmitFeedback(Key, ItOps, FeedbackAnswerKind.Approve, null, As(Ops)));

        // An answered slot waits for nobody, not even the other members of its group.
        Assert.Empty(SignOffs.Pending(Chen));
        Assert.Empty(SignOffs.Pending(Ben));
        Assert.Empty(SignOffs.Pending(Ops));

        Applied(SignOffs.RequestFinal(Key, As(Dev)));

        Assert.Equal([SlotNames.Final], SignOffs.Pending(Chen).Select(p => p.Slot));
        Assert.Equal([Business], SignOffs.Pending(Biz).Select(p => p.Slot));
    }

    [Fact]
    public void Pending_WhenOwnerIsInTheReviewerAndApproverGroup_OffersThemNothing()
    {
        _bench.Register(owner: Ana);
        Applied(SignOffs.RequestFeedback(Key, [], As(Ana)));

        Assert.Empty(SignOffs.Pending(Ana));
        Assert.Equal([RiskCompliance], SignOffs.Pending(Ben).Select(p => p.Slot));

        Applied(SignOffs.RequestFinal(Key, As(Ana)));

        Assert.Empty(SignOffs.Pending(Ana));
        Assert.Equal([RiskCompliance, SlotNames.Final], SignOffs.Pending(Ben).Select(p => p.Slot));
    }

    [Fact]
    public void Pending_WhenSignOffEnded_ListsNothing()
    {
        _bench.Register();
        Applied(SignOffs.RequestFeedback(Key, [], As(Dev)));
        Applied(SignOffs.Decide(Key, FinalDecisionKind.Abandon, "Superseded.", As(Ben)));

        Assert.Empty(SignOffs.Pending(Ops));
        Assert.Empty(SignOffs.Pending(Chen));
    }
}
