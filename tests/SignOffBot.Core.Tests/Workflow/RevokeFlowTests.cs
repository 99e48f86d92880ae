using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using SignOffBot.Core.Notifications;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.WorkflowFixture;

namespace SignOffBot.Core.Tests.Workflow;

/// <summary>Issue 14, <c>revoke</c> through the service: deploy-check turns from allowed to blocked, the owner and the channels are told.</summary>
public sealed class RevokeFlowTests
{
    private const string Reason = "Bias finding INC-412.";
    private static readonly ItemKey Key = TestItems.Key;
    private readonly WorkflowFixture _bench = new();

    private void Approved()
    {
        _bench.Register();
        Applied(_bench.SignOffs.RequestFinal(Key, As(Dev)));
        _bench.Clock.Advance(TimeSpan.FromHours(1));
        Applied(_bench.SignOffs.Decide(Key, FinalDecisionKind.Approve, "Ship it.", As(Ben)));
        _bench.Clock.Advance(TimeSpan.FromDays(1));
    }

    [Fact]
    public void Revoke_TurnsDeployCheckOnPreventFromAllowedToBlockedNamingTheRevocation()
    {
        Approved();
        Assert.Equal(DeployDecision.Allowed, Applied(_bench.Deploys.Check(Key, Prod, As(Eve))).Decision);

        var item = Applied(_bench.SignOffs.Revoke(Key, Reason, As(Chen, "d-1", "teams")));

        Assert.Equal(SignOffState.FinalApprovalRequested, item.SignOff.State);
        Assert.Null(item.SignOff.Final.Decision);
        var answer = Applied(_bench.Deploys.Check(Key, Prod, As(Eve)));
        Assert.Equal(DeployDecision.Blocked, answer.Decision);
        Assert.Contains($"The approval by {BenName} was revoked by {ChenName} on 2026-03-03 10:00 UTC (\"{Reason}\").", answer.Reason, StringComparison.Ordinal);
        var revoked = _bench.Store.Trail().Single(e => e.Action == "approval-revoked");
        Assert.Equal((Chen, "teams", "d-1", SlotNames.Final, (string?)null, Reason), (revoked.Actor, revoked.Platform, revoked.DeliveryId, revoked.Slot, revoked.Answer, revoked.Comment));
        Assert.Equal(["item-registered", "final-approval-requested", "final-decision", "deploy-check", "approval-revoked", "deploy-check"], _bench.Store.Trail().Select(e => e.Action));
    }

    [Fact]
    public void Revoke_TellsTheOwnerPrivatelyAndTheReleaseChannels()
    {
        Approved();
        var before = _bench.Store.Notices.Count;

        Applied(_bench.SignOffs.Revoke(Key, Reason, As(Chen)));

        var notices = _bench.Store.Notices.Skip(before).ToList();
        var line = Assert.Single(notices.OfType<PrivateTextNotice>());
        Assert.Equal(Dev, line.Person.Value);
        Assert.Equal(
            $"{ChenName} revoked the approval of your {Key}: \"{Reason}\". Deploy-checks that need an approval are blocked until a new one. Type: status {Key}",
            line.Text);
        var status = notices.OfType<ChannelStatusNotice>().ToList();
        Assert.Equal([("slack", "C0RELEASE"), ("teams", "19:abc@thread.tacv2")], status.Select(s => (s.Platform, s.Channel)));
        Assert.All(status, s => Assert.Equal(
            $"{Key}: {ChenName} revoked the approval: \"{Reason}\". Deploy-checks that need an approval are blocked again. State: final-approval-requested.",
            s.Text));
        Assert.Contains(new CardRefreshNotice(Key.ToString()), notices);
    }

    [Fact]
    public void Revoke_AsksTheFinalApproverAgainButNotTheRevoker()
    {
        Approved();
        var before = _bench.Store.Notices.Count;

        Applied(_bench.SignOffs.Revoke(Key, Reason, As(Chen)));

        var cards = _bench.Store.Notices.Skip(before).OfType<ReviewRequestNotice>().ToList();
        Assert.Equal([Ben, Ana], cards.Select(c => c.Person.Value));
        Assert.All(cards, c => Assert.True(c.Slot.IsFinal));
        var targets = _bench.Store.ReminderTargets[Key.ToString()];
        Assert.Equal([Ben, Chen, Ana], targets.Select(t => t.Person.Value));
        Assert.All(targets, t => Assert.Equal(TestItems.T0.AddHours(25), t.Anchor));
        Assert.Equal([SlotNames.Final], _bench.SignOffs.Pending(Ben).Select(p => p.Slot));
    }

    [Fact]
    public void Revoke_ByTheItemOwner_IsRefusedAndDeploymentStaysAllowed()
    {
        Approved();
        var events = _bench.Store.Trail().Count();

        var result = _bench.SignOffs.Revoke(Key, Reason, As(Dev));

        Expect.Refused(result.Outcome, "segregation-of-duties");
        Assert.Equal(events, _bench.Store.Trail().Count());
        Assert.Equal(SignOffState.Approved, _bench.Store.FindItem(Key)!.SignOff.State);
        Assert.Equal(DeployDecision.Allowed, Applied(_bench.Deploys.Check(Key, Prod, As(Eve))).Decision);
    }

    [Fact]
    public void Revoke_ThenANewApproval_AllowsDeploymentAgain()
    {
        Approved();
        Applied(_bench.SignOffs.Revoke(Key, Reason, As(Chen)));
        _bench.Clock.Advance(TimeSpan.FromHours(2));

        Applied(_bench.SignOffs.Decide(Key, FinalDecisionKind.Approve, "Finding closed.", As(Ben)));

        var answer = Applied(_bench.Deploys.Check(Key, Prod, As(Eve)));
        Assert.Equal(DeployDecision.Allowed, answer.Decision);
        Assert.Equal(TestItems.T0.AddHours(27), answer.ApprovedAt);
    }
}
