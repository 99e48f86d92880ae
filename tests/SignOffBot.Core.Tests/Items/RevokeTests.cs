using SignOffBot.Core.Conversations;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Reminders;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Items;

/// <summary>
/// Issue 14: <c>revoke &lt;item&gt; --reason …</c> takes an approval back (the final approver, a member of its group, its
/// delegate, or a project owner; never the item owner): approved → final-approval-requested.
/// </summary>
public sealed class RevokeTests
{
    private const string Reason = "Drift found in the October data.";
    private static readonly DateTimeOffset ApprovedAt = T0.AddHours(1);
    private static readonly DateTimeOffset At = T0.AddDays(3);

    /// <summary>Approved by ben@example.com at <see cref="ApprovedAt"/> (T0 + 1 h).</summary>
    private static Item Approved(GovernanceModel? governance = null, string owner = Dev) =>
        InState(SignOffState.Approved, governance, owner: owner);

    [Fact]
    public void Revoke_ByTheApprover_ReopensTheFinalApprovalWithOneEvent()
    {
        var item = Approved();
        var approval = item.SignOff.Final.Decision!;

        var change = item.Revoke(Model, Ben, $" {Reason} ", At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(new DomainEvent(AuditActions.Revoked, "fraud-detection/churn-xgb@7", SlotNames.Final, null, Reason), e);
        var after = change.Value!;
        Assert.Equal(SignOffState.FinalApprovalRequested, after.SignOff.State);
        Assert.Null(after.SignOff.Final.Decision);
        Assert.Equal(At, after.SignOff.FinalRequestedAt);
        Assert.Equal(new SignOffChange(SignOffChangeKind.Revoked, SlotNames.Final, Ben, Reason, At, approval), Assert.Single(after.SignOff.History));
        Assert.Equal(item.SignOff.Feedback, after.SignOff.Feedback);
    }

    [Fact]
    public void Revoke_ByAnotherMemberOfTheApproverGroup_IsAccepted()
    {
        Expect.AppliedOneEvent(Approved().Revoke(Model, Chen, Reason, At).Outcome);
    }

    [Fact]
    public void Revoke_ByAProjectOwnerWhoIsNotTheApprover_IsAccepted()
    {
        // Ben alone approves; ana@example.com is only a project owner here.
        var governance = Build(finalApprover: new Assignee(Ben));
        var item = Approved(governance);
        Assert.False(item.MayDecide(governance, Ana));

        Expect.AppliedOneEvent(item.Revoke(governance, Ana, Reason, At).Outcome);
    }

    [Fact]
    public void Revoke_ByTheDelegateWhoApproved_IsAccepted()
    {
        var item = Applied(InState(SignOffState.FinalApprovalRequested).Delegate(Model, Ben, SlotNames.Final, OnCall, T0.AddMinutes(10)));
        item = Applied(item.Decide(Model, OnCall, FinalDecisionKind.Approve, null, ApprovedAt));

        var after = Applied(item.Revoke(Model, OnCall, Reason, At));

        Assert.Equal(OnCall, Assert.Single(after.SignOff.History).EndedDecision!.By);
    }

    [Fact]
    public void Revoke_ByAMemberOfTheApproverGroupAfterTheFinalWasDelegated_IsAccepted()
    {
        // SPEC section 4: the final approver (or a member of its group) may revoke; a delegation does not take that away.
        var item = Applied(InState(SignOffState.FinalApprovalRequested).Delegate(Model, Ben, SlotNames.Final, OnCall, T0.AddMinutes(10)));
        item = Applied(item.Decide(Model, OnCall, FinalDecisionKind.Approve, null, ApprovedAt));

        Expect.AppliedOneEvent(item.Revoke(Model, Chen, Reason, At).Outcome);
    }

    [Theory]
    [InlineData(Dev, Dev)]
    [InlineData(Ana, Ana)]
    [InlineData(Ana, "ANA@example.com")]
    public void Revoke_ByTheItemOwner_IsRefusedBySegregationOfDutiesEvenAsProjectOwnerAndGroupMember(string owner, string actor)
    {
        var item = Approved(owner: owner);

        var violation = Expect.Refused(item.Revoke(Model, actor, Reason, At), item, "segregation-of-duties");

        Assert.Equal(RefusalKind.Forbidden, violation.Kind);
        Assert.Equal($"The item owner ({owner}) cannot revoke the approval of their own item; ask its final approver or a project owner.", violation.Message);
    }

    [Theory]
    [InlineData(Ops)]
    [InlineData(Biz)]
    [InlineData(OnCall)]
    [InlineData(Eve)]
    public void Revoke_ByAnyoneElse_IsRefused(string actor)
    {
        var item = Approved();

        var violation = Expect.Refused(item.Revoke(Model, actor, Reason, At), item, "not-final-approver-or-project-owner");

        Assert.Equal(RefusalKind.Forbidden, violation.Kind);
    }

    [Fact]
    public void Revoke_ByAGroupMemberWhenTheApproverIsAPerson_IsRefused()
    {
        var governance = Build(finalApprover: new Assignee(Ben));
        var item = Approved(governance);

        Expect.Refused(item.Revoke(governance, Chen, Reason, At), item, "not-final-approver-or-project-owner");
    }

    [Theory]
    [InlineData(SignOffState.NotStarted, "not-started")]
    [InlineData(SignOffState.FeedbackRequested, "feedback-requested")]
    [InlineData(SignOffState.FinalApprovalRequested, "final-approval-requested")]
    [InlineData(SignOffState.Rejected, "rejected")]
    [InlineData(SignOffState.Abandoned, "abandoned")]
    public void Revoke_WhenNotApproved_IsRefused(SignOffState state, string word)
    {
        var item = InState(state);

        var violation = Expect.Refused(item.Revoke(Model, Ben, Reason, At), item, "not-approved");

        Assert.Equal(RefusalKind.Conflict, violation.Kind);
        Assert.Equal($"fraud-detection/churn-xgb@7 is {word}, not approved: there is no approval to revoke or re-certify.", violation.Message);
    }

    [Fact]
    public void Revoke_Twice_IsRefusedTheSecondTime()
    {
        var after = Applied(Approved().Revoke(Model, Ben, Reason, At));

        Expect.Refused(after.Revoke(Model, Ben, Reason, At.AddMinutes(1)), after, "not-approved");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Revoke_WithoutAReason_IsRefused(string? reason)
    {
        var item = Approved();

        var violation = Expect.Refused(item.Revoke(Model, Ben, reason, At), item, "reason-required");

        Assert.Equal("A reason is required to revoke an approval (--reason …).", violation.Message);
    }

    [Fact]
    public void Revoke_WithAnOverLongReason_IsRefused()
    {
        var item = Approved();

        Expect.Refused(item.Revoke(Model, Ben, new string('x', TextLimits.Reason + 1), At), item, "reason-too-long");
    }

    [Fact]
    public void Revoke_TurnsDeployCheckOnPreventFromAllowedToBlockedNamingTheRevocation()
    {
        var item = Approved();
        Assert.Equal(DeployDecision.Allowed, DeployGate.Evaluate(item, Infrastructure(Prod), null, null, Model, At).Decision);

        var after = Applied(item.Revoke(Model, Chen, Reason, At));
        var answer = DeployGate.Evaluate(after, Infrastructure(Prod), null, null, Model, At.AddMinutes(1));

        Assert.Equal(DeployDecision.Blocked, answer.Decision);
        Assert.Null(answer.ApprovedBy);
        Assert.Equal(
            $"fraud-detection/churn-xgb@7 is final-approval-requested, not approved; prod-api (policy prevent) accepts approved items only. The approval by {BenName} was revoked by {ChenName} on 2026-03-05 09:00 UTC (\"{Reason}\"). Still needed: feedback on IT & Operations, Risk & Compliance, Business; the final approval by group model-risk, which is requested.",
            answer.Reason);
        var warned = DeployGate.Evaluate(after, Infrastructure(Staging), null, null, Model, At.AddMinutes(1));
        Assert.Equal(DeployDecision.Warning, warned.Decision);
        Assert.Contains($"was revoked by {ChenName}", warned.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Revoke_ThenANewApproval_AllowsDeploymentAgain()
    {
        var after = Applied(Approved().Revoke(Model, Chen, Reason, At));

        var approved = Applied(after.Decide(Model, Ben, FinalDecisionKind.Approve, "Drift fixed.", At.AddHours(1)));

        var answer = DeployGate.Evaluate(approved, Infrastructure(Prod), null, null, Model, At.AddHours(2));
        Assert.Equal(DeployDecision.Allowed, answer.Decision);
        Assert.Equal(At.AddHours(1), answer.ApprovedAt);
        Assert.DoesNotContain("revoked", answer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Revoke_ChasesTheFinalApproverAgainFromTheRevocation()
    {
        var after = Applied(Approved().Revoke(Model, Chen, Reason, At));

        var targets = ReminderPlanner.TargetsOf(after, Model).Where(t => t.Slot == SlotNames.Final).ToList();

        Assert.Equal([Ben, Chen, Ana], targets.Select(t => t.Person.Value));
        Assert.All(targets, t => Assert.Equal(At, t.Anchor));
    }

    [Fact]
    public void Revoke_IsShownOnTheCard()
    {
        var after = Applied(Approved().Revoke(Model, Chen, Reason, At));

        var view = SignOffViews.For(after, Model, Ben);

        Assert.Equal("final-approval-requested", view.State);
        Assert.Contains($"Approval by {BenName} revoked by {ChenName} on 2026-03-05 09:00 UTC: {Reason}", view.ChangeLines.Select(ReaderTime.InUtc));
        Assert.Empty(view.Final.Answers);
        Assert.Contains(view.Actions, a => a.Verb == ReviewVerb.FinalApprove);
    }
}
