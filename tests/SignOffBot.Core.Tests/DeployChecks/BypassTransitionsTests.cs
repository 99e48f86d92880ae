using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.DeployChecks;

public sealed class BypassTransitionsTests
{
    private static readonly DateTimeOffset RequestedAt = T0.AddHours(1);
    private static readonly DateTimeOffset GrantedAt = T0.AddHours(2);

    private static Infrastructure ProdApi => Infrastructure(Prod);

    private static Bypass Requested(GovernanceModel? governance = null, string by = Dev, int hours = 4, string owner = Dev)
    {
        var gov = governance ?? Model;
        var (outcome, bypass) = BypassTransitions.Request(gov, FeedbackRequested(gov, owner: owner), ProdApi, "INC-77", hours, by, [], "b-1", RequestedAt);
        Assert.True(outcome.IsApplied, outcome.Message);
        return bypass!;
    }

    private static Bypass Granted(int hours = 4)
    {
        var (outcome, bypass) = BypassTransitions.Decide(Model, Requested(hours: hours), true, OnCall, GrantedAt);
        Assert.True(outcome.IsApplied, outcome.Message);
        return bypass;
    }

    [Fact]
    public void Request_WhenItemOwnerAsks_IsPendingForTheOnCallApprovers()
    {
        var item = FeedbackRequested();

        var (outcome, bypass) = BypassTransitions.Request(Model, item, ProdApi, "  INC-77 ", 4, Dev, [], "b-1", RequestedAt);

        var e = Expect.AppliedOneEvent(outcome);
        Assert.Equal(new Bypass("b-1", item.Key, Prod, "INC-77", 4, Dev, RequestedAt, BypassStatus.Pending, null, null, null, null), bypass);
        Assert.False(bypass!.IsActiveAt(RequestedAt));
        Assert.Equal(new DomainEvent(AuditActions.BypassRequested, "fraud-detection/churn-xgb@7", Prod, null, "incident INC-77, 4 h, id b-1", "b-1"), e);
    }

    [Fact]
    public void Request_WhenProjectOwnerAsksForAnotherOwnersItem_IsPending()
    {
        var (outcome, bypass) = BypassTransitions.Request(Model, FeedbackRequested(owner: Dev), ProdApi, "INC-77", 4, Ana, [], "b-1", RequestedAt);

        Expect.AppliedOneEvent(outcome);
        Assert.Equal(Ana, bypass!.RequestedBy);
    }

    [Theory]
    [InlineData(Ben)]
    [InlineData(OnCall)]
    [InlineData(Eve)]
    public void Request_WhenActorIsNotAnOwner_IsRefused(string actor)
    {
        var (outcome, bypass) = BypassTransitions.Request(Model, FeedbackRequested(), ProdApi, "INC-77", 4, actor, [], "b-1", RequestedAt);

        var violation = Expect.Refused(outcome, "not-item-or-project-owner");
        Assert.Equal("Only the item owner (dev@example.com) or a project owner can request a bypass.", violation.Message);
        Assert.Null(bypass);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    [InlineData(-3)]
    public void Request_WhenHoursOutOfRange_IsRefused(int hours)
    {
        var (outcome, bypass) = BypassTransitions.Request(Model, FeedbackRequested(), ProdApi, "INC-77", hours, Dev, [], "b-1", RequestedAt);

        var violation = Expect.Refused(outcome, "bypass-hours");
        Assert.Equal(RefusalKind.Invalid, violation.Kind);
        Assert.Equal($"A bypass lasts from 1 to 24 hours; {hours} was asked.", violation.Message);
        Assert.Null(bypass);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(24)]
    public void Request_WhenHoursAtTheBounds_IsAccepted(int hours)
    {
        var (outcome, _) = BypassTransitions.Request(Model, FeedbackRequested(), ProdApi, "INC-77", hours, Dev, [], "b-1", RequestedAt);

        Expect.AppliedOneEvent(outcome);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Request_WhenIncidentMissing_IsRefused(string incident)
    {
        var (outcome, _) = BypassTransitions.Request(Model, FeedbackRequested(), ProdApi, incident, 4, Dev, [], "b-1", RequestedAt);

        Assert.Equal("A bypass needs the incident ticket (--incident <ticket>).", Expect.Refused(outcome, "incident-required").Message);
    }

    [Fact]
    public void Request_WhenSameIncidentAlreadyPending_IsUnchanged()
    {
        var pending = Requested();

        var (outcome, bypass) = BypassTransitions.Request(Model, FeedbackRequested(), ProdApi, "INC-77", 4, Dev, [pending], "b-2", RequestedAt.AddMinutes(1));

        Assert.Equal("A bypass for incident INC-77 is already waiting for an on-call approver.", Assert.IsType<Outcome.Unchanged>(outcome).Reason);
        Assert.Same(pending, bypass);
    }

    [Fact]
    public void Request_WhenABypassIsActive_IsRefusedSayingUntilWhen()
    {
        var active = Granted();

        var (outcome, _) = BypassTransitions.Request(Model, FeedbackRequested(), ProdApi, "INC-78", 4, Dev, [active], "b-2", GrantedAt.AddHours(1));

        Assert.Equal(
            "A bypass is already active for this item and infrastructure until 2026-03-02 15:00 UTC.",
            Expect.Refused(outcome, "bypass-active").Message);
    }

    [Fact]
    public void Decide_WhenOnCallApproverGrants_IsActiveForTheHoursAndOpensAReviewDueIn48Hours()
    {
        var pending = Requested(hours: 4);

        var (outcome, bypass) = BypassTransitions.Decide(Model, pending, true, OnCall, GrantedAt);

        var e = Expect.AppliedOneEvent(outcome);
        Assert.Equal(BypassStatus.Granted, bypass.Status);
        Assert.Equal(OnCall, bypass.DecidedBy);
        Assert.Equal(GrantedAt, bypass.DecidedAt);
        Assert.Equal(GrantedAt.AddHours(4), bypass.ExpiresAt);
        Assert.Equal(new IncidentReview(Dev, GrantedAt.AddHours(48), null, null, null), bypass.Review);
        Assert.True(bypass.Review!.IsOpen);
        Assert.True(bypass.IsActiveAt(GrantedAt));
        Assert.True(bypass.IsActiveAt(GrantedAt.AddHours(4).AddTicks(-1)));
        Assert.False(bypass.IsActiveAt(GrantedAt.AddHours(4)));
        Assert.Equal(
            new DomainEvent(AuditActions.BypassGranted, "fraud-detection/churn-xgb@7", Prod, null, "incident INC-77, until 2026-03-02 15:00 UTC, id b-1", "b-1"),
            e);
    }

    [Fact]
    public void Decide_WhenOnCallApproverDenies_NeverBecomesActive()
    {
        var (outcome, bypass) = BypassTransitions.Decide(Model, Requested(), false, OnCall, GrantedAt);

        var e = Expect.AppliedOneEvent(outcome);
        Assert.Equal(BypassStatus.Denied, bypass.Status);
        Assert.Null(bypass.ExpiresAt);
        Assert.Null(bypass.Review);
        Assert.False(bypass.IsActiveAt(GrantedAt));
        Assert.Equal(AuditActions.BypassDenied, e.Action);
        Assert.Equal("incident INC-77, id b-1", e.Comment);
    }

    [Theory]
    [InlineData(Ana)]
    [InlineData(Ben)]
    [InlineData(Dev)]
    public void Decide_WhenActorIsNotOnCall_IsRefused(string actor)
    {
        var pending = Requested();

        var (outcome, bypass) = BypassTransitions.Decide(Model, pending, true, actor, GrantedAt);

        var violation = Expect.Refused(outcome, "not-on-call");
        Assert.Equal("Only an on-call approver of fraud-detection can grant or deny a bypass.", violation.Message);
        Assert.Same(pending, bypass);
    }

    [Fact]
    public void Decide_WhenRequesterIsOnCall_CannotGrantTheirOwnBypass()
    {
        var governance = Build(onCallApprovers: [new Assignee(OnCall), new Assignee(Ana)]);
        var pending = Requested(governance, by: Ana);

        var (outcome, bypass) = BypassTransitions.Decide(governance, pending, true, Ana, GrantedAt);

        Assert.Equal("You requested this bypass, so you cannot grant it yourself.", Expect.Refused(outcome, "own-bypass").Message);
        Assert.Same(pending, bypass);
        Expect.AppliedOneEvent(BypassTransitions.Decide(governance, pending, true, OnCall, GrantedAt).Outcome);
    }

    [Fact]
    public void Decide_WhenOnCallIsAGroup_AnyMemberMayGrant()
    {
        var governance = Build(onCallApprovers: [new Assignee("group:" + ModelRiskGroup)]);

        var (outcome, bypass) = BypassTransitions.Decide(governance, Requested(governance), true, Chen, GrantedAt);

        Expect.AppliedOneEvent(outcome);
        Assert.Equal(Chen, bypass.DecidedBy);
    }

    [Fact]
    public void Decide_WhenAlreadyGrantedBySamePerson_IsUnchanged()
    {
        var granted = Granted();

        var (outcome, _) = BypassTransitions.Decide(Model, granted, true, OnCall, GrantedAt.AddMinutes(1));

        Assert.Equal("You already granted this bypass.", Assert.IsType<Outcome.Unchanged>(outcome).Reason);
    }

    [Fact]
    public void Decide_WhenAlreadyGranted_DenyIsRefused()
    {
        var (outcome, bypass) = BypassTransitions.Decide(Model, Granted(), false, OnCall, GrantedAt.AddMinutes(1));

        Assert.Equal("This bypass was already granted.", Expect.Refused(outcome, "bypass-not-pending").Message);
        Assert.Equal(BypassStatus.Granted, bypass.Status);
    }

    [Fact]
    public void CloseReview_WhenOwnerGivesALink_ClosesTheReview()
    {
        var granted = Granted();
        var closedAt = GrantedAt.AddHours(30);

        var (outcome, closed) = BypassTransitions.CloseReview(Model, FeedbackRequested(), Prod, "https://wiki.example.com/pir/INC-77", Dev, [granted], closedAt);

        var e = Expect.AppliedOneEvent(outcome);
        Assert.Equal(new IncidentReview(Dev, GrantedAt.AddHours(48), "https://wiki.example.com/pir/INC-77", Dev, closedAt), closed!.Review);
        Assert.False(closed.Review!.IsOpen);
        Assert.Equal(new DomainEvent(AuditActions.IncidentReviewClosed, "fraud-detection/churn-xgb@7", Prod, null, "https://wiki.example.com/pir/INC-77", "b-1"), e);
    }

    [Theory]
    [InlineData("not a link")]
    [InlineData("ftp://wiki.example.com/pir")]
    [InlineData("/pir/INC-77")]
    [InlineData("https://wiki.example.com/pir/INC-77\0")]
    public void CloseReview_WhenLinkInvalid_IsRefused(string link)
    {
        var (outcome, closed) = BypassTransitions.CloseReview(Model, FeedbackRequested(), Prod, link, Dev, [Granted()], GrantedAt.AddHours(1));

        Assert.Equal($"'{link}' is not an absolute http(s) link to the review.", Expect.Refused(outcome, "invalid-link").Message);
        Assert.Null(closed);
    }

    [Fact]
    public void CloseReview_WhenNoReviewOpen_IsRefused()
    {
        var (outcome, _) = BypassTransitions.CloseReview(Model, FeedbackRequested(), Prod, "https://wiki.example.com/pir", Dev, [Requested()], GrantedAt);

        Assert.Equal(
            "There is no open post-incident review for fraud-detection/churn-xgb@7 on prod-api.",
            Expect.Refused(outcome, "no-open-incident-review").Message);
    }

    [Fact]
    public void CloseReview_WhenActorIsNotAnOwner_IsRefused()
    {
        var (outcome, _) = BypassTransitions.CloseReview(Model, FeedbackRequested(), Prod, "https://wiki.example.com/pir", OnCall, [Granted()], GrantedAt);

        Assert.Equal(
            "Only the item owner (dev@example.com) or a project owner can close a post-incident review.",
            Expect.Refused(outcome, "not-item-or-project-owner").Message);
    }
}
