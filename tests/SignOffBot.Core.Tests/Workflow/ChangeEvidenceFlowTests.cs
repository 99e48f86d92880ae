using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.WorkflowFixture;

namespace SignOffBot.Core.Tests.Workflow;

/// <summary>Issue 14, <c>evidence</c> through the service: fix the evidence after a policy refusal, then the approval goes through.</summary>
public sealed class ChangeEvidenceFlowTests
{
    private const string NewCard = "https://docs.example.com/churn-xgb/7/model-card";
    private static readonly ItemKey Key = TestItems.Key;
    private readonly WorkflowFixture _bench = new();

    [Fact]
    public void FixTheEvidenceAfterAPolicyRefusal_ThenTheFinalApprovalSucceeds()
    {
        _bench.Register(RiskLevel.Medium, evidence: TestItems.FullEvidence with { ModelCard = null });
        Applied(_bench.SignOffs.RequestFinal(Key, As(Dev)));
        var refused = _bench.SignOffs.Decide(Key, FinalDecisionKind.Approve, null, As(Ben));
        Assert.Contains("the model card is missing", Expect.Refused(refused.Outcome, "policy-not-met").Message, StringComparison.Ordinal);
        _bench.Clock.Advance(TimeSpan.FromMinutes(10));

        var changed = Applied(_bench.SignOffs.ChangeEvidence(Key, new Evidence(NewCard, null, null, null), As(Dev, "d-1", "teams")));
        _bench.Clock.Advance(TimeSpan.FromMinutes(10));
        var approved = Applied(_bench.SignOffs.Decide(Key, FinalDecisionKind.Approve, null, As(Ben)));

        Assert.Equal(NewCard, changed.Evidence.ModelCard);
        Assert.Equal(SignOffState.Approved, approved.SignOff.State);
        Assert.Equal(
            ["item-registered", "final-approval-requested", "evidence-changed", "final-decision"],
            _bench.Store.Trail().Select(e => e.Action));
        var e = _bench.Store.Trail().Single(e => e.Action == AuditActions.EvidenceChanged);
        Assert.Equal(
            (Dev, "teams", "d-1", (string?)null, $"model card: {NewCard}", TestItems.T0.AddMinutes(10)),
            (e.Actor, e.Platform, e.DeliveryId, e.Slot, e.Comment, e.At));
        Assert.Equal(DeployDecision.Allowed, Applied(_bench.Deploys.Check(Key, Prod, As(Eve))).Decision);
    }

    [Fact]
    public void ChangeEvidence_RedrawsTheCardsAndTellsTheReleaseChannels()
    {
        _bench.Register();
        Applied(_bench.SignOffs.RequestFeedback(Key, [], As(Dev)));
        var before = _bench.Store.Notices.Count;

        Applied(_bench.SignOffs.ChangeEvidence(Key, new Evidence(null, null, null, "CHG-2000"), As(Ana)));

        var notices = _bench.Store.Notices.Skip(before).ToList();
        Assert.Contains(new CardRefreshNotice(Key.ToString()), notices);
        var lines = notices.OfType<ChannelStatusNotice>().ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal($"{Key}: {AnaName} changed the evidence (change ticket: CHG-2000). State: feedback-requested.", l.Text));
        Assert.Empty(notices.OfType<ReviewRequestNotice>());
    }

    [Fact]
    public void ChangeEvidence_ToTheSameLinksOrRefused_AppendsNothing()
    {
        _bench.Register();
        var events = _bench.Store.Trail().Count();

        var same = _bench.SignOffs.ChangeEvidence(Key, new Evidence(TestItems.FullEvidence.ModelCard, null, null, null), As(Dev));
        var refused = _bench.SignOffs.ChangeEvidence(Key, new Evidence(NewCard, null, null, null), As(Ben));

        Assert.IsType<Outcome.Unchanged>(same.Outcome);
        Expect.Refused(refused.Outcome, "not-item-or-project-owner");
        Assert.Equal(events, _bench.Store.Trail().Count());
        Assert.Equal(TestItems.FullEvidence, _bench.Store.FindItem(Key)!.Evidence);
    }
}
