using SignOffBot.Core.Audit;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Tests.Builders;
using SignOffBot.Core.Workflow;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.WorkflowFixture;

namespace SignOffBot.Core.Tests.Workflow;

public sealed class DeployServiceTests
{
    private const string Incident = "INC-77";
    private static readonly ItemKey Key = TestItems.Key;

    private readonly WorkflowFixture _bench = new();

    private DeployService Deploys => _bench.Deploys;

    private static ActionContext Pipeline => new("api-key:ci-pipeline", "http", "http");

    private void RegisterWithFeedbackRequested(WorkflowFixture? bench = null)
    {
        var b = bench ?? _bench;
        b.Register();
        Applied(b.SignOffs.RequestFeedback(Key, [], As(Dev)));
    }

    private DeployAnswer Check(string infrastructure, ActionContext? context = null) => Applied(Deploys.Check(Key, infrastructure, context ?? Pipeline));

    [Theory]
    [InlineData(Prod, DeployDecision.Blocked, "blocked")]
    [InlineData(Staging, DeployDecision.Warning, "warning")]
    [InlineData(Sandbox, DeployDecision.Allowed, "allowed")]
    public void Check_WhenAnyDecision_AppendsADeployCheckEventNamingItemInfrastructureDecisionAndWhoAsked(
        string infrastructure, DeployDecision decision, string word)
    {
        RegisterWithFeedbackRequested();

        var answer = Check(infrastructure, As(Eve, "evt-1"));

        Assert.Equal(decision, answer.Decision);
        var e = _bench.Store.Trail().Last();
        Assert.Equal(
            ("deploy-check", "fraud-detection/churn-xgb@7", infrastructure, word, answer.Reason, Eve, "evt-1"),
            (e.Action, e.Item, e.Slot, e.Answer, e.Comment, e.Actor, e.DeliveryId));
    }

    [Fact]
    public void Check_WhenApproved_IsAllowedEverywhereNamingTheApprover()
    {
        RegisterWithFeedbackRequested();
        _bench.Clock.Advance(TimeSpan.FromMinutes(15));
        Applied(_bench.SignOffs.Decide(Key, FinalDecisionKind.Approve, null, As(Chen)));

        foreach (var infrastructure in new[] { Prod, Staging, Sandbox })
        {
            var answer = Check(infrastructure);
            Assert.Equal(DeployDecision.Allowed, answer.Decision);
            Assert.Equal(Chen, answer.ApprovedBy);
            Assert.Equal(TestItems.T0.AddMinutes(15), answer.ApprovedAt);
            Assert.Contains("was approved by Chen Wei on 2026-03-02 09:15 UTC", answer.Reason);
        }
    }

    [Fact]
    public void Check_WhenItemUnknown_IsRefusedAndNotAudited()
    {
        var result = Deploys.Check(Key, Prod, Pipeline);

        Assert.StartsWith("There is no item fraud-detection/churn-xgb@7.", Expect.Refused(result.Outcome, "unknown-item").Message);
        Assert.Empty(_bench.Store.Trail());
    }

    [Fact]
    public void Check_WhenInfrastructureUnknown_IsRefusedListingTheKnownOnes()
    {
        _bench.Register();

        var result = Deploys.Check(Key, "moon-api", Pipeline);

        var violation = Expect.Refused(result.Outcome, "unknown-infrastructure");
        Assert.Equal(RefusalKind.NotFound, violation.Kind);
        Assert.StartsWith("There is no infrastructure 'moon-api'. Known: ", violation.Message);
        Assert.All(new[] { Prod, Staging, Sandbox }, key => Assert.Contains(key, violation.Message));
        Assert.Single(_bench.Store.Trail());
    }

    [Fact]
    public void Check_WhenDeliveryRepeated_IsAnsweredOnceAndAuditedOnce()
    {
        RegisterWithFeedbackRequested();
        var context = As(Eve, "slack:evt-5");

        var first = Deploys.Check(Key, Prod, context);
        var again = Deploys.Check(Key, Prod, context);

        Assert.False(first.Repeated);
        Assert.True(again.Repeated);
        Assert.Equal(first.Outcome.Message, again.Outcome.Message);
        Assert.Equal(DeployDecision.Blocked, again.Value!.Decision);
        Assert.Equal(first.Value!.Reason, again.Value.Reason);
        Assert.Equal(3, _bench.Store.Trail().Count());
    }

    [Fact]
    public void Confirm_WhenWarning_RecordsWhoConfirmedAndLaterChecksShowIt()
    {
        RegisterWithFeedbackRequested();
        _bench.Clock.Advance(TimeSpan.FromMinutes(30));

        var confirmed = Applied(Deploys.Confirm(Key, Staging, "  Hotfix for INC-77 ", As(Ana)));

        Assert.Equal(DeployDecision.Warning, confirmed.Decision);
        Assert.Equal(new DeployConfirmation(Key, Staging, Ana, "Hotfix for INC-77", TestItems.T0.AddMinutes(30)), confirmed.Confirmation);
        var e = _bench.Store.Trail().Last();
        Assert.Equal(("deploy-warning-confirmed", Staging, "warning", "Hotfix for INC-77", Ana), (e.Action, e.Slot, e.Answer, e.Comment, e.Actor));

        _bench.Clock.Advance(TimeSpan.FromMinutes(5));
        var later = Check(Staging);

        Assert.Equal(DeployDecision.Warning, later.Decision);
        Assert.Equal(confirmed.Confirmation, later.Confirmation);
        Assert.Contains("deployment was confirmed by Ana Ortiz on 2026-03-02 09:30 UTC (\"Hotfix for INC-77\")", later.Reason);
    }

    [Fact]
    public void Confirm_WhenTheSignOffChangesAfterwards_AsksForANewConfirmation()
    {
        RegisterWithFeedbackRequested();
        _bench.Clock.Advance(TimeSpan.FromMinutes(30));
        Applied(Deploys.Confirm(Key, Staging, "Hotfix", As(Ana)));
        _bench.Clock.Advance(TimeSpan.FromMinutes(5));
        Applied(_bench.SignOffs.SubmitFeedback(Key, Business, FeedbackAnswerKind.MajorIssue, "Wrong KPI.", As(Biz)));

        var later = Check(Staging);

        Assert.Equal(DeployDecision.Warning, later.Decision);
        Assert.Null(later.Confirmation);
        Assert.Contains("needs an explicit confirmation", later.Reason);
    }

    [Theory]
    [InlineData(Prod, "blocked")]
    [InlineData(Sandbox, "allowed")]
    public void Confirm_WhenNotAWarning_IsRefused(string infrastructure, string decision)
    {
        RegisterWithFeedbackRequested();

        var result = Deploys.Confirm(Key, infrastructure, "Please", As(Ana));

        Assert.Equal(
            $"There is no warning to confirm: the deploy-check decision is {decision}.",
            Expect.Refused(result.Outcome, "nothing-to-confirm").Message);
        Assert.Equal(2, _bench.Store.Trail().Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Confirm_WhenNoReason_IsRefused(string? reason)
    {
        RegisterWithFeedbackRequested();

        var result = Deploys.Confirm(Key, Staging, reason, As(Ana));

        Assert.Equal("A reason is required to confirm a deployment warning.", Expect.Refused(result.Outcome, "reason-required").Message);
    }

    [Theory]
    [InlineData(Eve)]
    [InlineData(Ben)]
    [InlineData(Ops)]
    [InlineData(OnCall)]
    public void Confirm_ByAPersonOutsideTheProject_IsRefusedAndRecordsNothing(string outsider)
    {
        RegisterWithFeedbackRequested();
        var events = _bench.Store.Trail().Count();

        var result = Deploys.Confirm(Key, Staging, "Ship it, I say so", As(outsider));

        var violation = Expect.Refused(result.Outcome, "not-item-owner-or-project-member");
        Assert.Equal(RefusalKind.Forbidden, violation.Kind);
        Assert.Equal(
            $"Only the item owner (dev@example.com) or an owner or member of project fraud-detection can confirm a deployment warning; {outsider} is none of them.",
            violation.Message);
        Assert.Equal(events, _bench.Store.Trail().Count());
        Assert.Null(Check(Staging).Confirmation);
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Ana)]
    public void Confirm_ByTheItemOwnerOrAProjectOwner_IsApplied(string person)
    {
        RegisterWithFeedbackRequested();

        var confirmed = Applied(Deploys.Confirm(Key, Staging, "Load test", As(person)));

        Assert.Equal(person, confirmed.Confirmation!.By);
    }

    [Fact]
    public void Confirm_ByTheItemOwnerWhoIsNoLongerInTheProject_IsApplied()
    {
        var governance = Build();
        var bench = new WorkflowFixture(governance);
        bench.Register(owner: Dev);
        var withoutDev = new GovernanceModel(governance.People, governance.Groups, [governance.FindProject(ProjectKey)! with { Members = [] }], governance.Infrastructures);
        var deploys = new DeployService(withoutDev, new ActionRunner(bench.Store, bench.Clock, withoutDev), bench.Clock);

        Applied(deploys.Confirm(Key, Staging, "Owner's call", As(Dev)));
        Expect.Refused(deploys.Confirm(Key, Staging, "Member no more", As(Eve)).Outcome, "not-item-owner-or-project-member");
    }

    [Fact]
    public void Confirm_WhenActorIsNotAPerson_IsRefused()
    {
        RegisterWithFeedbackRequested();

        var result = Deploys.Confirm(Key, Staging, "Pipeline says so", Pipeline);

        Assert.Equal("'api-key:ci-pipeline' is not a person of the directory.", Expect.Refused(result.Outcome, "unknown-person").Message);
    }

    [Fact]
    public void Bypass_WhenGranted_AllowsUntilItExpiresThenBlocksAgain()
    {
        RegisterWithFeedbackRequested();
        Assert.Equal(DeployDecision.Blocked, Check(Prod).Decision);

        _bench.Clock.Advance(TimeSpan.FromMinutes(10));
        var requested = Applied(Deploys.RequestBypass(Key, Prod, Incident, 4, As(Dev)));
        Assert.Equal(BypassStatus.Pending, requested.Status);
        Assert.Equal(DeployDecision.Blocked, Check(Prod).Decision);

        _bench.Clock.Advance(TimeSpan.FromMinutes(20));
        var grantedAt = TestItems.T0.AddMinutes(30);
        var granted = Applied(Deploys.DecideBypass(requested.Id, true, As(OnCall, "teams:grant-1", "teams")));
        Assert.Equal(grantedAt.AddHours(4), granted.ExpiresAt);

        var during = Check(Prod);
        Assert.Equal(DeployDecision.Allowed, during.Decision);
        Assert.Equal(requested.Id, during.Bypass!.Id);
        Assert.Equal(
            "Allowed on prod-api (policy prevent) by the emergency bypass for incident INC-77, granted by Oscar Nakamura, valid until 2026-03-02 13:30 UTC; the sign-off itself is feedback-requested.",
            during.Reason);

        _bench.Clock.SetUtcNow(grantedAt.AddHours(4).AddMilliseconds(-1));
        Assert.Equal(DeployDecision.Allowed, Check(Prod).Decision);

        _bench.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = Check(Prod);
        Assert.Equal(DeployDecision.Blocked, after.Decision);
        Assert.Null(after.Bypass);

        Assert.Equal(
            ["item-registered", "feedback-requested", "deploy-check", "bypass-requested", "deploy-check", "bypass-granted", "deploy-check", "deploy-check", "deploy-check"],
            _bench.Store.Trail().Select(e => e.Action));
        Assert.True(AuditChain.Verify(_bench.Store.Trail()).Ok);
    }

    [Fact]
    public void Bypass_WhenGranted_OpensAPostIncidentReviewDue48HoursAfterTheGrant()
    {
        RegisterWithFeedbackRequested();
        var requested = Applied(Deploys.RequestBypass(Key, Prod, Incident, 2, As(Dev)));
        _bench.Clock.Advance(TimeSpan.FromMinutes(45));

        var granted = Applied(Deploys.DecideBypass(requested.Id, true, As(OnCall)));

        Assert.Equal(new IncidentReview(Dev, TestItems.T0.AddMinutes(45).AddHours(48), null, null, null), granted.Review);
        Assert.Equal(granted, _bench.Store.Bypasses.Single());
    }

    [Fact]
    public void Bypass_WhenGrantedForOneInfrastructure_DoesNotApplyToAnother()
    {
        RegisterWithFeedbackRequested();
        var requested = Applied(Deploys.RequestBypass(Key, Prod, Incident, 4, As(Dev)));
        Applied(Deploys.DecideBypass(requested.Id, true, As(OnCall)));

        Assert.Equal(DeployDecision.Allowed, Check(Prod).Decision);
        var staging = Check(Staging);
        Assert.Equal(DeployDecision.Warning, staging.Decision);
        Assert.Null(staging.Bypass);
    }

    [Fact]
    public void Bypass_WhenDenied_StaysBlockedAndOpensNoReview()
    {
        RegisterWithFeedbackRequested();
        var requested = Applied(Deploys.RequestBypass(Key, Prod, Incident, 4, As(Dev)));

        var denied = Applied(Deploys.DecideBypass(requested.Id, false, As(OnCall)));

        Assert.Equal(BypassStatus.Denied, denied.Status);
        Assert.Null(denied.Review);
        Assert.Equal(DeployDecision.Blocked, Check(Prod).Decision);
        Assert.Equal("bypass-denied", _bench.Store.Trail().ElementAt(3).Action);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    public void RequestBypass_WhenHoursOutOfRange_IsRefusedAndNothingIsSaved(int hours)
    {
        RegisterWithFeedbackRequested();

        var result = Deploys.RequestBypass(Key, Prod, Incident, hours, As(Dev));

        Assert.Equal($"A bypass lasts from 1 to 24 hours; {hours} was asked.", Expect.Refused(result.Outcome, "bypass-hours").Message);
        Assert.Empty(_bench.Store.Bypasses);
        Assert.Equal(2, _bench.Store.Trail().Count());
    }

    [Theory]
    [InlineData(Ben)]
    [InlineData(OnCall)]
    public void RequestBypass_WhenNotAnOwner_IsRefused(string actor)
    {
        RegisterWithFeedbackRequested();

        var result = Deploys.RequestBypass(Key, Prod, Incident, 4, As(actor));

        Assert.Equal(
            "Only the item owner (dev@example.com) or a project owner can request a bypass.",
            Expect.Refused(result.Outcome, "not-item-or-project-owner").Message);
        Assert.Empty(_bench.Store.Bypasses);
    }

    [Fact]
    public void RequestBypass_WhenInfrastructureUnknown_IsRefused()
    {
        RegisterWithFeedbackRequested();

        Expect.Refused(Deploys.RequestBypass(Key, "moon-api", Incident, 4, As(Dev)).Outcome, "unknown-infrastructure");
    }

    [Theory]
    [InlineData(Ana)]
    [InlineData(Ben)]
    public void DecideBypass_WhenNotOnCall_IsRefusedAndStaysPending(string actor)
    {
        RegisterWithFeedbackRequested();
        var requested = Applied(Deploys.RequestBypass(Key, Prod, Incident, 4, As(Dev)));

        var result = Deploys.DecideBypass(requested.Id, true, As(actor));

        Assert.Equal("Only an on-call approver of fraud-detection can grant or deny a bypass.", Expect.Refused(result.Outcome, "not-on-call").Message);
        Assert.Equal(BypassStatus.Pending, _bench.Store.Bypasses.Single().Status);
        Assert.Equal(DeployDecision.Blocked, Check(Prod).Decision);
    }

    [Fact]
    public void DecideBypass_WhenRequesterIsOnCall_CannotGrantTheirOwn()
    {
        var bench = new WorkflowFixture(Build(onCallApprovers: [new Assignee(OnCall), new Assignee(Ana)]));
        RegisterWithFeedbackRequested(bench);
        var requested = Applied(bench.Deploys.RequestBypass(Key, Prod, Incident, 4, As(Ana)));

        var own = bench.Deploys.DecideBypass(requested.Id, true, As(Ana));

        Assert.Equal("You requested this bypass, so you cannot grant it yourself.", Expect.Refused(own.Outcome, "own-bypass").Message);
        Assert.Equal(BypassStatus.Pending, bench.Store.Bypasses.Single().Status);
        Assert.Equal(BypassStatus.Granted, Applied(bench.Deploys.DecideBypass(requested.Id, true, As(OnCall))).Status);
    }

    [Fact]
    public void DecideBypass_WhenIdUnknown_IsRefused()
    {
        var result = Deploys.DecideBypass("nope", true, As(OnCall));

        Assert.Equal("There is no bypass 'nope'.", Expect.Refused(result.Outcome, "unknown-bypass").Message);
    }

    [Fact]
    public void DecideBypass_WhenGrantDeliveryRepeated_IsGrantedOnce()
    {
        RegisterWithFeedbackRequested();
        var requested = Applied(Deploys.RequestBypass(Key, Prod, Incident, 4, As(Dev)));
        var context = As(OnCall, "slack:trigger-grant");

        var first = Deploys.DecideBypass(requested.Id, true, context);
        _bench.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = Deploys.DecideBypass(requested.Id, true, context);

        Assert.True(again.Repeated);
        Assert.Equal(first.Value, again.Value);
        Assert.Single(_bench.Store.Trail(), e => e.Action == "bypass-granted");
    }

    [Fact]
    public void CloseIncidentReview_WhenOwnerGivesALink_ClosesIt()
    {
        RegisterWithFeedbackRequested();
        var requested = Applied(Deploys.RequestBypass(Key, Prod, Incident, 4, As(Dev)));
        Applied(Deploys.DecideBypass(requested.Id, true, As(OnCall)));
        _bench.Clock.Advance(TimeSpan.FromHours(20));

        var closed = Applied(Deploys.CloseIncidentReview(Key, Prod, "https://wiki.example.com/pir/INC-77", As(Dev)));

        Assert.Equal("https://wiki.example.com/pir/INC-77", closed.Review!.Link);
        Assert.Equal(Dev, closed.Review.ClosedBy);
        Assert.Equal(TestItems.T0.AddHours(20), closed.Review.ClosedAt);
        Assert.False(_bench.Store.Bypasses.Single().Review!.IsOpen);
        var e = _bench.Store.Trail().Last();
        Assert.Equal(("incident-review-closed", Prod, "https://wiki.example.com/pir/INC-77"), (e.Action, e.Slot, e.Comment));

        var twice = Deploys.CloseIncidentReview(Key, Prod, "https://wiki.example.com/pir/INC-77", As(Dev));
        Expect.Refused(twice.Outcome, "no-open-incident-review");
    }

    [Fact]
    public void CloseIncidentReview_WhenLinkInvalid_IsRefusedAndStaysOpen()
    {
        RegisterWithFeedbackRequested();
        var requested = Applied(Deploys.RequestBypass(Key, Prod, Incident, 4, As(Dev)));
        Applied(Deploys.DecideBypass(requested.Id, true, As(OnCall)));

        var result = Deploys.CloseIncidentReview(Key, Prod, "wiki/pir", As(Dev));

        Assert.Equal("'wiki/pir' is not an absolute http(s) link to the review.", Expect.Refused(result.Outcome, "invalid-link").Message);
        Assert.True(_bench.Store.Bypasses.Single().Review!.IsOpen);
    }

    [Fact]
    public void CloseIncidentReview_WhenNoneOpen_IsRefused()
    {
        RegisterWithFeedbackRequested();

        var result = Deploys.CloseIncidentReview(Key, Prod, "https://wiki.example.com/pir", As(Dev));

        Assert.Equal(
            "There is no open post-incident review for fraud-detection/churn-xgb@7 on prod-api.",
            Expect.Refused(result.Outcome, "no-open-incident-review").Message);
    }
}
