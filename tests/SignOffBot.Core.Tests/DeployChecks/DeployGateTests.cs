using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Items;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.DeployChecks;

public sealed class DeployGateTests
{
    private const string KeyText = "fraud-detection/churn-xgb@7";

    /// <summary>The final decisions of <see cref="InState"/> are taken at T0 + 1 h.</summary>
    private const string DecidedAt = "2026-03-02 10:00 UTC";

    private static readonly DateTimeOffset GrantedAt = T0.AddHours(2);

    public static TheoryData<SignOffState, string, DeployDecision> Table => new()
    {
        { SignOffState.Approved, Prod, DeployDecision.Allowed },
        { SignOffState.Approved, Staging, DeployDecision.Allowed },
        { SignOffState.Approved, Sandbox, DeployDecision.Allowed },
        { SignOffState.NotStarted, Prod, DeployDecision.Blocked },
        { SignOffState.NotStarted, Staging, DeployDecision.Warning },
        { SignOffState.NotStarted, Sandbox, DeployDecision.Allowed },
        { SignOffState.FeedbackRequested, Prod, DeployDecision.Blocked },
        { SignOffState.FeedbackRequested, Staging, DeployDecision.Warning },
        { SignOffState.FeedbackRequested, Sandbox, DeployDecision.Allowed },
        { SignOffState.FinalApprovalRequested, Prod, DeployDecision.Blocked },
        { SignOffState.FinalApprovalRequested, Staging, DeployDecision.Warning },
        { SignOffState.FinalApprovalRequested, Sandbox, DeployDecision.Allowed },
        { SignOffState.Rejected, Prod, DeployDecision.Blocked },
        { SignOffState.Rejected, Staging, DeployDecision.Blocked },
        { SignOffState.Rejected, Sandbox, DeployDecision.Allowed },
        { SignOffState.Abandoned, Prod, DeployDecision.Blocked },
        { SignOffState.Abandoned, Staging, DeployDecision.Blocked },
        { SignOffState.Abandoned, Sandbox, DeployDecision.Allowed },
    };

    public static TheoryData<SignOffState, string> EveryStateAndInfrastructure
    {
        get
        {
            var data = new TheoryData<SignOffState, string>();
            foreach (var state in Enum.GetValues<SignOffState>())
            {
                foreach (var infrastructure in new[] { Prod, Staging, Sandbox })
                {
                    data.Add(state, infrastructure);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Evaluate_WhenNoBypass_FollowsTheTableOfSection3(SignOffState state, string infrastructure, DeployDecision expected)
    {
        var item = InState(state);
        var infra = Infrastructure(infrastructure);

        var answer = DeployGate.Evaluate(item, infra, null, null, Model);

        Assert.Equal(expected, answer.Decision);
        Assert.Equal(state, answer.State);
        Assert.Equal(infra.Policy, answer.Policy);
        Assert.Null(answer.Bypass);
        Assert.Null(answer.Confirmation);
        Assert.Contains($"policy {WireNames.Of(infra.Policy)}", answer.Reason);
        Assert.Contains(state == SignOffState.Approved ? "was approved by" : WireNames.Of(state), answer.Reason);
    }

    [Theory]
    [MemberData(nameof(EveryStateAndInfrastructure))]
    public void Evaluate_WhenBypassActive_IsAllowedNamingTheBypass(SignOffState state, string infrastructure)
    {
        var item = InState(state);
        var bypass = GrantedBypass(infrastructure);

        var infra = Infrastructure(infrastructure);

        var answer = DeployGate.Evaluate(item, infra, bypass, null, Model);

        Assert.Equal(DeployDecision.Allowed, answer.Decision);
        Assert.Same(bypass, answer.Bypass);
        Assert.Equal(infra.Policy, answer.Policy);
        Assert.Equal(
            $"Allowed on {infrastructure} (policy {WireNames.Of(infra.Policy)}) by the emergency bypass for incident INC-77, granted by {OnCallName}, valid until 2026-03-02 15:00 UTC; the sign-off itself is {WireNames.Of(state)}.",
            answer.Reason);
    }

    [Theory]
    [InlineData(Prod, "prevent")]
    [InlineData(Staging, "warn")]
    [InlineData(Sandbox, "always")]
    public void Evaluate_WhenApproved_SaysWhoApprovedAndWhen(string infrastructure, string policy)
    {
        var answer = DeployGate.Evaluate(InState(SignOffState.Approved), Infrastructure(infrastructure), null, null, Model);

        Assert.Equal($"{KeyText} was approved by {BenName} on {DecidedAt}; {infrastructure} (policy {policy}) accepts approved items.", answer.Reason);
        Assert.Equal(Ben, answer.ApprovedBy);
        Assert.Equal(T0.AddHours(1), answer.ApprovedAt);
    }

    [Theory]
    [InlineData(SignOffState.NotStarted, "Still needed: the final approval by group model-risk, not yet requested.")]
    [InlineData(SignOffState.FeedbackRequested, "Still needed: feedback on IT & Operations, Risk & Compliance, Business; the final approval by group model-risk, not yet requested.")]
    [InlineData(SignOffState.FinalApprovalRequested, "Still needed: feedback on IT & Operations, Risk & Compliance, Business; the final approval by group model-risk, which is requested.")]
    public void Evaluate_WhenOpenOnPrevent_IsBlockedSayingWhatIsMissing(SignOffState state, string needed)
    {
        var answer = DeployGate.Evaluate(InState(state), Infrastructure(Prod), null, null, Model);

        Assert.Equal(DeployDecision.Blocked, answer.Decision);
        Assert.Equal($"{KeyText} is {WireNames.Of(state)}, not approved; prod-api (policy prevent) accepts approved items only. {needed}", answer.Reason);
        Assert.Null(answer.ApprovedBy);
        Assert.Null(answer.ApprovedAt);
    }

    [Fact]
    public void Evaluate_WhenSomeFeedbackAnswered_StillNeededListsOnlyTheUnansweredSlots()
    {
        var item = InState(SignOffState.FeedbackRequested).Answer(Ops, ItOps).Answer(Biz, Business, FeedbackAnswerKind.MajorIssue, "No.");

        var answer = DeployGate.Evaluate(item, Infrastructure(Prod), null, null, Model);

        Assert.EndsWith("Still needed: feedback on Risk & Compliance; the final approval by group model-risk, not yet requested.", answer.Reason);
    }

    [Fact]
    public void Evaluate_WhenFinalDelegated_StillNeededNamesTheDelegate()
    {
        var item = Applied(InState(SignOffState.FinalApprovalRequested).Delegate(Model, Ben, "final", OnCall, T0.AddMinutes(5)));

        var answer = DeployGate.Evaluate(item, Infrastructure(Prod), null, null, Model);

        Assert.Contains($"the final approval by {OnCallName}, which is requested.", answer.Reason);
    }

    [Theory]
    [InlineData(SignOffState.NotStarted)]
    [InlineData(SignOffState.FeedbackRequested)]
    [InlineData(SignOffState.FinalApprovalRequested)]
    public void Evaluate_WhenOpenOnWarnWithoutConfirmation_AsksForAnExplicitConfirmation(SignOffState state)
    {
        var answer = DeployGate.Evaluate(InState(state), Infrastructure(Staging), null, null, Model);

        Assert.Equal(DeployDecision.Warning, answer.Decision);
        Assert.StartsWith(
            $"{KeyText} is {WireNames.Of(state)}, not approved; staging-api (policy warn) needs an explicit confirmation, recorded with who confirmed: `confirm {KeyText} staging-api --reason …` in chat or POST /api/v1/deploy-check/confirm. Still needed: ",
            answer.Reason);
        Assert.Null(answer.Confirmation);
    }

    [Fact]
    public void Evaluate_WhenOpenOnWarnWithConfirmation_ShowsWhoConfirmedWhenAndWhy()
    {
        var confirmation = new DeployConfirmation(Key, Staging, Ana, "Hotfix for INC-77", T0.AddMinutes(30));

        var answer = DeployGate.Evaluate(InState(SignOffState.FeedbackRequested), Infrastructure(Staging), null, confirmation, Model);

        Assert.Equal(DeployDecision.Warning, answer.Decision);
        Assert.Same(confirmation, answer.Confirmation);
        Assert.StartsWith(
            $"{KeyText} is feedback-requested, not approved; staging-api (policy warn) deployment was confirmed by {AnaName} on 2026-03-02 09:30 UTC (\"Hotfix for INC-77\"). Still needed: ",
            answer.Reason);
    }

    [Fact]
    public void Evaluate_WhenConfirmationGivenOnPrevent_IsStillBlocked()
    {
        var confirmation = new DeployConfirmation(Key, Prod, Ana, "Please", T0.AddMinutes(30));

        var answer = DeployGate.Evaluate(InState(SignOffState.FeedbackRequested), Infrastructure(Prod), null, confirmation, Model);

        Assert.Equal(DeployDecision.Blocked, answer.Decision);
        Assert.Null(answer.Confirmation);
    }

    [Theory]
    [InlineData(SignOffState.Rejected, Prod, "rejected", RejectComment)]
    [InlineData(SignOffState.Rejected, Staging, "rejected", RejectComment)]
    [InlineData(SignOffState.Abandoned, Prod, "abandoned", AbandonComment)]
    [InlineData(SignOffState.Abandoned, Staging, "abandoned", AbandonComment)]
    public void Evaluate_WhenLocked_IsBlockedNamingTheDecision(SignOffState state, string infrastructure, string word, string comment)
    {
        var infra = Infrastructure(infrastructure);
        var confirmation = new DeployConfirmation(Key, infrastructure, Ana, "Please", T0.AddHours(2));

        var answer = DeployGate.Evaluate(InState(state), infra, null, confirmation, Model);

        Assert.Equal(DeployDecision.Blocked, answer.Decision);
        Assert.Equal(
            $"The sign-off of {KeyText} was {word} by {BenName} on {DecidedAt} (\"{comment}\") and is locked; {infrastructure} (policy {WireNames.Of(infra.Policy)}) refuses it. Register a new version for a new sign-off.",
            answer.Reason);
        Assert.Null(answer.ApprovedBy);
    }

    [Theory]
    [InlineData(SignOffState.NotStarted)]
    [InlineData(SignOffState.FeedbackRequested)]
    [InlineData(SignOffState.FinalApprovalRequested)]
    [InlineData(SignOffState.Rejected)]
    [InlineData(SignOffState.Abandoned)]
    public void Evaluate_WhenNotApprovedOnAlways_IsAllowedAndSaysTheCheckIsRecorded(SignOffState state)
    {
        var answer = DeployGate.Evaluate(InState(state), Infrastructure(Sandbox), null, null, Model);

        Assert.Equal(DeployDecision.Allowed, answer.Decision);
        Assert.Equal($"sandbox (policy always) accepts any sign-off state; {KeyText} is {WireNames.Of(state)} and this check is recorded.", answer.Reason);
    }

    private static Bypass GrantedBypass(string infrastructure) => new(
        "b-1", Key, infrastructure, "INC-77", 4, Dev, T0.AddHours(1), BypassStatus.Granted, OnCall, GrantedAt, GrantedAt.AddHours(4),
        new IncidentReview(Dev, GrantedAt.AddHours(48), null, null, null));
}
