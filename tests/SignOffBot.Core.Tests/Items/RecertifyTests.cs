using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Items;

/// <summary>
/// Issue 14, re-certification: an approval stops counting after its risk policy's ApprovalValidFor; then
/// <c>recertify &lt;item&gt; [--feedback]</c> (item or project owner) asks the final approver (and every category) again.
/// </summary>
public sealed class RecertifyTests
{
    private static readonly TimeSpan ValidFor = TimeSpan.FromDays(180);

    /// <summary>The final decisions of <see cref="InState"/> are taken at T0 + 1 h; 180 days later is Saturday 29 August 2026.</summary>
    private static readonly DateTimeOffset ApprovedAt = T0.AddHours(1);

    private static readonly DateTimeOffset ExpiresAt = new(2026, 8, 29, 10, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset After = ExpiresAt.AddDays(2);

    /// <summary>Low risk (the default of <see cref="InState"/>): no review requirements, approvals valid 180 days.</summary>
    private static GovernanceModel Expiring { get; } = WithPolicy(RiskLevel.Low, ReviewPolicy.Empty with { ApprovalValidFor = ValidFor });

    private static Item Approved(GovernanceModel? governance = null, string owner = Dev) =>
        InState(SignOffState.Approved, governance ?? Expiring, owner: owner);

    [Fact]
    public void ApprovalExpiresAt_IsTheApprovalPlusItsPolicysValidity()
    {
        var item = Approved();

        Assert.Equal(ApprovedAt + ValidFor, item.ApprovalExpiresAt(Expiring));
        Assert.Equal(ExpiresAt, item.ApprovalExpiresAt(Expiring));
        Assert.False(item.ApprovalExpired(Expiring, ExpiresAt.AddTicks(-1)));
        Assert.True(item.ApprovalExpired(Expiring, ExpiresAt));
    }

    [Fact]
    public void ApprovalExpiresAt_IsNullWithoutAValidityOrWithoutAnApproval()
    {
        Assert.Null(Approved(Model).ApprovalExpiresAt(Model));
        Assert.False(Approved(Model).ApprovalExpired(Model, After.AddYears(10)));
        Assert.Null(InState(SignOffState.FinalApprovalRequested, Expiring).ApprovalExpiresAt(Expiring));
        Assert.Null(InState(SignOffState.Rejected, Expiring).ApprovalExpiresAt(Expiring));
    }

    [Fact]
    public void ApprovalExpiresAt_FollowsTheItemsRiskLevel()
    {
        var governance = WithPolicy(RiskLevel.High, HighPolicy with { ApprovalValidFor = ValidFor });

        Assert.Null(Approved(governance).ApprovalExpiresAt(governance));
    }

    [Theory]
    [InlineData(Prod)]
    [InlineData(Staging)]
    [InlineData(Sandbox)]
    public void DeployCheck_BeforeTheExpiry_IsAllowed(string infrastructure)
    {
        var answer = DeployGate.Evaluate(Approved(), Infrastructure(infrastructure), null, null, Expiring, ExpiresAt.AddMinutes(-1));

        Assert.Equal(DeployDecision.Allowed, answer.Decision);
        Assert.Equal(Ben, answer.ApprovedBy);
    }

    [Fact]
    public void DeployCheck_AfterTheExpiryOnPrevent_IsBlockedSayingWhenItExpiredAndHowToRecertify()
    {
        var answer = DeployGate.Evaluate(Approved(), Infrastructure(Prod), null, null, Expiring, ExpiresAt);

        Assert.Equal(DeployDecision.Blocked, answer.Decision);
        Assert.Null(answer.ApprovedBy);
        Assert.Null(answer.ApprovedAt);
        Assert.Equal(
            $"fraud-detection/churn-xgb@7 is approved, but the approval expired, not approved; prod-api (policy prevent) accepts approved items only. The approval by {BenName} expired on 2026-08-29 10:00 UTC: `recertify fraud-detection/churn-xgb@7` asks for a new one.",
            answer.Reason);
    }

    [Fact]
    public void DeployCheck_AfterTheExpiry_AnswersAsForAnUnapprovedItemOnWarnAndAlways()
    {
        var warned = DeployGate.Evaluate(Approved(), Infrastructure(Staging), null, null, Expiring, After);
        var always = DeployGate.Evaluate(Approved(), Infrastructure(Sandbox), null, null, Expiring, After);

        Assert.Equal(DeployDecision.Warning, warned.Decision);
        Assert.Contains("expired on 2026-08-29 10:00 UTC", warned.Reason, StringComparison.Ordinal);
        Assert.Contains("`confirm fraud-detection/churn-xgb@7 staging-api --reason …`", warned.Reason, StringComparison.Ordinal);
        Assert.Equal(DeployDecision.Allowed, always.Decision);
        Assert.Contains("the approval expired", always.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DeployCheck_WithoutAValidity_StaysAllowedForEver()
    {
        var answer = DeployGate.Evaluate(Approved(Model), Infrastructure(Prod), null, null, Model, After.AddYears(5));

        Assert.Equal(DeployDecision.Allowed, answer.Decision);
    }

    [Fact]
    public void Recertify_BeforeTheExpiry_IsRefusedSayingUntilWhen()
    {
        var item = Approved();

        var violation = Expect.Refused(item.Recertify(Expiring, Dev, false, ExpiresAt.AddMinutes(-1)), item, "approval-still-valid");

        Assert.Equal(RefusalKind.Conflict, violation.Kind);
        Assert.Equal("The approval of fraud-detection/churn-xgb@7 is valid until 2026-08-29 10:00 UTC: re-certify it once it has expired.", violation.Message);
    }

    [Fact]
    public void Recertify_WhenTheApprovalNeverExpires_IsRefused()
    {
        var item = Approved(Model);

        var violation = Expect.Refused(item.Recertify(Model, Dev, false, After), item, "approval-still-valid");

        Assert.Equal("The approval of fraud-detection/churn-xgb@7 does not expire under its project's policy, so there is nothing to re-certify.", violation.Message);
    }

    [Fact]
    public void Recertify_AfterTheExpiry_AsksTheFinalApproverAgainWithOneEvent()
    {
        var item = Approved();
        var approval = item.SignOff.Final.Decision!;

        var change = item.Recertify(Expiring, Dev, false, After);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(new DomainEvent(AuditActions.Recertify, "fraud-detection/churn-xgb@7", SlotNames.Final, null, null), e);
        var after = change.Value!;
        Assert.Equal(SignOffState.FinalApprovalRequested, after.SignOff.State);
        Assert.Null(after.SignOff.Final.Decision);
        Assert.Equal(After, after.SignOff.FinalRequestedAt);
        Assert.Equal(new SignOffChange(SignOffChangeKind.Recertified, SlotNames.Final, Dev, null, After, approval), Assert.Single(after.SignOff.History));
        Assert.Equal(item.SignOff.Feedback, after.SignOff.Feedback);
        Assert.Null(after.ApprovalExpiresAt(Expiring));
    }

    [Fact]
    public void Recertify_AtTheMomentOfTheExpiry_IsAccepted()
    {
        Expect.AppliedOneEvent(Approved().Recertify(Expiring, Dev, false, ExpiresAt).Outcome);
    }

    [Fact]
    public void Recertify_WithFeedback_AsksEveryCategoryAgain()
    {
        // Approved with no feedback requested at all: --feedback asks every category.
        var item = Applied(Applied(Registered(Expiring).RequestFinal(Expiring, Dev, T0)).Decide(Expiring, Ben, FinalDecisionKind.Approve, null, ApprovedAt));
        Assert.All(item.SignOff.Feedback, s => Assert.False(s.Requested));

        var change = item.Recertify(Expiring, Ana, true, After);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal((AuditActions.Recertify, $"{ItOps}, {RiskCompliance}, {Business}, final"), (e.Action, e.Slot));
        var after = change.Value!;
        Assert.Equal(SignOffState.FinalApprovalRequested, after.SignOff.State);
        Assert.All(after.SignOff.Feedback, s => Assert.Equal((true, (DateTimeOffset?)After), (s.Requested, s.RequestedAt)));
        Assert.All(after.SignOff.Feedback, s => Assert.True(after.SignOff.AwaitsAnswer(s)));
        Assert.Equal(
            [SignOffChangeKind.Recertified, SignOffChangeKind.ReRequested, SignOffChangeKind.ReRequested, SignOffChangeKind.ReRequested],
            after.SignOff.History.Select(c => c.Kind));
    }

    [Fact]
    public void Recertify_WithFeedback_CountsOnlyTheNewAnswersForThePolicy()
    {
        var governance = WithPolicy(RiskLevel.Low, new ReviewPolicy([Business], false, [], 0, ValidFor));
        var item = InState(SignOffState.FinalApprovalRequested, governance).Answer(Biz, Business, governance: governance);
        item = Applied(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, ApprovedAt));

        var withFeedback = Applied(item.Recertify(governance, Dev, true, After));
        var withoutFeedback = Applied(item.Recertify(governance, Dev, false, After));

        Expect.Refused(withFeedback.Decide(governance, Ben, FinalDecisionKind.Approve, null, After.AddHours(1)), withFeedback, "policy-not-met");
        Expect.AppliedOneEvent(withoutFeedback.Decide(governance, Ben, FinalDecisionKind.Approve, null, After.AddHours(1)).Outcome);
        var answered = withFeedback.Answer(Biz, Business, governance: governance, at: After.AddMinutes(30));
        Expect.AppliedOneEvent(answered.Decide(governance, Ben, FinalDecisionKind.Approve, null, After.AddHours(1)).Outcome);
    }

    [Fact]
    public void Recertify_ThenANewApproval_AllowsDeploymentAgainUntilTheNewExpiry()
    {
        var after = Applied(Approved().Recertify(Expiring, Dev, false, After));
        var blocked = DeployGate.Evaluate(after, Infrastructure(Prod), null, null, Expiring, After.AddMinutes(1));
        Assert.Equal(DeployDecision.Blocked, blocked.Decision);
        Assert.Contains($"The approval by {BenName} expired and re-certification was requested on 2026-08-31 10:00 UTC.", blocked.Reason, StringComparison.Ordinal);

        var renewed = Applied(after.Decide(Expiring, Chen, FinalDecisionKind.Approve, null, After.AddHours(1)));

        var answer = DeployGate.Evaluate(renewed, Infrastructure(Prod), null, null, Expiring, After.AddHours(2));
        Assert.Equal(DeployDecision.Allowed, answer.Decision);
        Assert.Equal(Chen, answer.ApprovedBy);
        Assert.Equal(After.AddHours(1) + ValidFor, renewed.ApprovalExpiresAt(Expiring));
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Ana)]
    public void Recertify_ByTheItemOrAProjectOwner_IsAccepted(string actor)
    {
        Expect.AppliedOneEvent(Approved().Recertify(Expiring, actor, false, After).Outcome);
    }

    [Theory]
    [InlineData(Ben)]
    [InlineData(Chen)]
    [InlineData(Eve)]
    public void Recertify_ByAnyoneElse_IsRefused(string actor)
    {
        var item = Approved();

        var violation = Expect.Refused(item.Recertify(Expiring, actor, false, After), item, "not-item-or-project-owner");

        Assert.Equal("Only the item owner (dev@example.com) or a project owner can re-certify.", violation.Message);
    }

    [Theory]
    [InlineData(SignOffState.NotStarted)]
    [InlineData(SignOffState.FeedbackRequested)]
    [InlineData(SignOffState.FinalApprovalRequested)]
    [InlineData(SignOffState.Rejected)]
    [InlineData(SignOffState.Abandoned)]
    public void Recertify_WhenNotApproved_IsRefused(SignOffState state)
    {
        var item = InState(state, Expiring);

        Expect.Refused(item.Recertify(Expiring, Dev, false, After), item, "not-approved");
    }
}
