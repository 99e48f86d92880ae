using SignOffBot.Core.Outcomes;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.WorkflowFixture;

namespace SignOffBot.Core.Tests.Workflow;

/// <summary>
/// Issue 14, re-certification on the fake clock: an approval valid 180 days; deploy-check allowed before, blocked
/// after naming the expiry; recertify refused before and accepted after; a new approval allows deployment again.
/// </summary>
public sealed class RecertifyFlowTests
{
    private static readonly ItemKey Key = TestItems.Key;

    /// <summary>Approved at T0 + 1 h (Monday 2 March 2026, 10:00 UTC): expires Saturday 29 August 2026, 10:00 UTC.</summary>
    private static readonly DateTimeOffset ExpiresAt = new(2026, 8, 29, 10, 0, 0, TimeSpan.Zero);

    private readonly WorkflowFixture _bench = new(WithPolicy(RiskLevel.High, HighPolicy with { ApprovalValidFor = TimeSpan.FromDays(180) }));

    private DeployAnswer Check(string infrastructure = Prod) => Applied(_bench.Deploys.Check(Key, infrastructure, As(Eve)));

    /// <summary>A high-risk item approved under the full high-risk policy at T0 + 1 h.</summary>
    private void Approved()
    {
        _bench.Register(RiskLevel.High);
        Applied(_bench.SignOffs.RequestFeedback(Key, [], As(Dev)));
        Applied(_bench.SignOffs.SubmitFeedback(Key, ItOps, FeedbackAnswerKind.Approve, null, As(Ops)));
        Applied(_bench.SignOffs.SubmitFeedback(Key, RiskCompliance, FeedbackAnswerKind.Approve, null, As(Chen)));
        Applied(_bench.SignOffs.SubmitFeedback(Key, Business, FeedbackAnswerKind.Approve, null, As(Biz)));
        Applied(_bench.SignOffs.RequestFinal(Key, As(Dev)));
        _bench.Clock.Advance(TimeSpan.FromHours(1));
        Applied(_bench.SignOffs.Decide(Key, FinalDecisionKind.Approve, null, As(Ben)));
    }

    [Fact]
    public void AnApprovalPastItsValidity_BlocksDeploymentUntilRecertifiedAndApprovedAgain()
    {
        Approved();
        Assert.Equal(ExpiresAt, _bench.Store.FindItem(Key)!.ApprovalExpiresAt(_bench.Governance));

        // The day before: still valid.
        _bench.Clock.SetUtcNow(ExpiresAt.AddDays(-1));
        Assert.Equal(DeployDecision.Allowed, Check().Decision);
        var early = _bench.SignOffs.Recertify(Key, false, As(Dev));
        Assert.Equal(
            "The approval of fraud-detection/churn-xgb@7 is valid until 2026-08-29 10:00 UTC: re-certify it once it has expired.",
            Expect.Refused(early.Outcome, "approval-still-valid").Message);

        // Past the expiry: answered as unapproved, naming the expiry.
        _bench.Clock.SetUtcNow(ExpiresAt.AddHours(1));
        var expired = Check();
        Assert.Equal(DeployDecision.Blocked, expired.Decision);
        Assert.Contains($"The approval by {BenName} expired on 2026-08-29 10:00 UTC", expired.Reason, StringComparison.Ordinal);
        Assert.Equal(SignOffState.Approved, expired.State);
        Assert.Equal(DeployDecision.Warning, Check(Staging).Decision);

        var recertified = Applied(_bench.SignOffs.Recertify(Key, false, As(Dev, "d-1")));
        Assert.Equal(SignOffState.FinalApprovalRequested, recertified.SignOff.State);
        var e = _bench.Store.Trail().Single(e => e.Action == "recertification-requested");
        Assert.Equal((Dev, "d-1", SlotNames.Final, (string?)null), (e.Actor, e.DeliveryId, e.Slot, e.Comment));
        Assert.Equal(DeployDecision.Blocked, Check().Decision);

        // The earlier feedback still counts without --feedback: the approver may approve at once.
        _bench.Clock.Advance(TimeSpan.FromHours(1));
        Applied(_bench.SignOffs.Decide(Key, FinalDecisionKind.Approve, "Still fine.", As(Chen)));
        var renewed = Check();
        Assert.Equal(DeployDecision.Allowed, renewed.Decision);
        Assert.Equal(Chen, renewed.ApprovedBy);
    }

    [Fact]
    public void RecertifyWithFeedback_AsksEveryCategoryAgainBeforeTheNewApproval()
    {
        Approved();
        _bench.Clock.SetUtcNow(ExpiresAt.AddDays(1));
        var before = _bench.Store.Notices.Count;

        var item = Applied(_bench.SignOffs.Recertify(Key, true, As(Ana)));

        Assert.All(item.SignOff.Feedback, s => Assert.True(item.SignOff.AwaitsAnswer(s)));
        var cards = _bench.Store.Notices.Skip(before).OfType<ReviewRequestNotice>().ToList();
        Assert.Equal(
            [(Ops, ItOps), (Ben, RiskCompliance), (Chen, RiskCompliance), (Ana, RiskCompliance), (Biz, Business), (Ben, "final"), (Chen, "final")],
            cards.Select(c => (c.Person.Value, c.Slot.Name)));
        Assert.Contains(
            _bench.Store.Notices.Skip(before).OfType<ChannelStatusNotice>(),
            l => l.Text == $"{Key}: {AnaName} asked for re-certification of {ItOps}, {RiskCompliance}, {Business}, final: the approval expired. State: final-approval-requested.");
        var refused = _bench.SignOffs.Decide(Key, FinalDecisionKind.Approve, null, As(Ben));
        Assert.Contains("feedback on IT & Operations has no answer yet", Expect.Refused(refused.Outcome, "policy-not-met").Message, StringComparison.Ordinal);

        // Every reviewer answers as before: the new answers count.
        Applied(_bench.SignOffs.SubmitFeedback(Key, ItOps, FeedbackAnswerKind.Approve, null, As(Ops)));
        Applied(_bench.SignOffs.SubmitFeedback(Key, RiskCompliance, FeedbackAnswerKind.Approve, null, As(Chen)));
        Applied(_bench.SignOffs.SubmitFeedback(Key, Business, FeedbackAnswerKind.Approve, null, As(Biz)));
        Applied(_bench.SignOffs.Decide(Key, FinalDecisionKind.Approve, null, As(Ben)));
        Assert.Equal(DeployDecision.Allowed, Check().Decision);
    }

    [Fact]
    public void TheOwnerIsChasedForTheExpiryAndTheApproverForTheRecertification()
    {
        Approved();

        var expiry = Assert.Single(_bench.Store.ReminderTargets[Key.ToString()]);
        Assert.Equal((ReminderKind.ApprovalExpiry, Dev, ExpiresAt), (expiry.Kind, expiry.Person.Value, expiry.Anchor));

        _bench.Clock.SetUtcNow(ExpiresAt.AddDays(1));
        Applied(_bench.SignOffs.Recertify(Key, false, As(Dev)));

        var targets = _bench.Store.ReminderTargets[Key.ToString()];
        Assert.All(targets, t => Assert.Equal((ReminderKind.Final, ExpiresAt.AddDays(1)), (t.Kind, t.Anchor)));
        Assert.Equal([Ben, Chen, Ana], targets.Select(t => t.Person.Value));
    }

    [Fact]
    public void TheOwnersAreToldBeforeAndAtTheExpiry()
    {
        Approved();
        var item = _bench.Store.FindItem(Key)!;

        var soon = NoticePlanner.ApprovalExpiresSoon(item, ExpiresAt, _bench.Governance);
        var expired = NoticePlanner.ApprovalExpired(item, ExpiresAt, _bench.Governance);

        Assert.Equal([Ana, Dev], soon.OfType<PrivateTextNotice>().Select(n => n.Person.Value));
        Assert.All(soon.OfType<PrivateTextNotice>(), n => Assert.StartsWith(
            $"The approval of {Key} expires on 2026-08-29 10:00 UTC. After that, deploy-checks that need an approval are blocked until it is re-certified: recertify {Key}",
            ReaderTime.InUtc(n.Text),
            StringComparison.Ordinal));
        var owner = Assert.Single(expired.OfType<PrivateTextNotice>());
        Assert.Equal(
            (Dev, $"The approval of your {Key} expired on 2026-08-29 10:00 UTC. Deploy-checks that need an approval are blocked until you type: recertify {Key}"),
            (owner.Person.Value, ReaderTime.InUtc(owner.Text)));
        Assert.Equal(2, expired.OfType<ChannelStatusNotice>().Count());
        Assert.Contains(new CardRefreshNotice(Key.ToString()), expired);
    }

    [Fact]
    public void AWarningConfirmedBeforeTheApproval_DoesNotCoverTheExpiredApproval()
    {
        _bench.Register(RiskLevel.High);
        Applied(_bench.SignOffs.RequestFeedback(Key, [], As(Dev)));
        Applied(_bench.SignOffs.SubmitFeedback(Key, ItOps, FeedbackAnswerKind.Approve, null, As(Ops)));
        Applied(_bench.SignOffs.SubmitFeedback(Key, RiskCompliance, FeedbackAnswerKind.Approve, null, As(Chen)));
        Applied(_bench.SignOffs.SubmitFeedback(Key, Business, FeedbackAnswerKind.Approve, null, As(Biz)));
        Applied(_bench.SignOffs.RequestFinal(Key, As(Dev)));
        _bench.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(DeployDecision.Warning, Check(Staging).Decision);
        Applied(_bench.Deploys.Confirm(Key, Staging, "Hotfix before the approval.", As(Dev)));
        Assert.NotNull(Check(Staging).Confirmation);
        _bench.Clock.Advance(TimeSpan.FromHours(1));
        Applied(_bench.SignOffs.Decide(Key, FinalDecisionKind.Approve, null, As(Ben)));
        Assert.Equal(DeployDecision.Allowed, Check(Staging).Decision);

        _bench.Clock.SetUtcNow(ExpiresAt.AddDays(200));
        var answer = Check(Staging);

        Assert.Equal(DeployDecision.Warning, answer.Decision);
        Assert.Null(answer.Confirmation);
        Assert.Contains("needs an explicit confirmation", answer.Reason, StringComparison.Ordinal);
    }
}
