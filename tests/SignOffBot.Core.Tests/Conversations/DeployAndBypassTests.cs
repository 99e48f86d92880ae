using SignOffBot.Core.Conversations;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Conversations.ChatFixture;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>SPEC section 3 in chat: deploy-check answers with the lower-case decision word; the emergency bypass path.</summary>
public sealed class DeployAndBypassTests
{
    private const string IncidentLink = "https://wiki.example.com/pir/311";

    private readonly ChatFixture _chat = new();

    [Theory]
    [InlineData(Prod, "blocked")]
    [InlineData(Staging, "warning")]
    [InlineData(Sandbox, "allowed")]
    public void DeployCheck_OfAnOpenSignOff_AnswersByThePolicy(string infrastructure, string decision)
    {
        _chat.Register();
        _chat.RequestFeedback();
        var audit = _chat.AuditCount;

        var body = Text(_chat.Say(Eve, $"deploy-check {ItemText} {infrastructure}"));

        Assert.StartsWith(decision + ": ", body, StringComparison.Ordinal);
        Assert.Contains("feedback-requested", body, StringComparison.Ordinal);
        Assert.Equal(audit + 1, _chat.AuditCount);
        var e = _chat.Store.Of(Key)[^1];
        Assert.Equal((AuditActions.DeployCheck, Eve, infrastructure, decision), (e.Action, e.Actor, e.Slot, e.Answer));
    }

    [Theory]
    [InlineData(Prod)]
    [InlineData(Staging)]
    [InlineData(Sandbox)]
    public void DeployCheck_OfAnApprovedSignOff_IsAllowedEverywhereAndNamesTheApprover(string infrastructure)
    {
        _chat.Register();
        _chat.RequestFinal();
        Card(_chat.Press(Ben, ReviewVerb.FinalApprove, ItemText, "final"));
        var approvedAt = ReaderTime.Mark(_chat.Clock.GetUtcNow());

        var body = Text(_chat.Say(Dev, $"deploy-check {ItemText} {infrastructure}"));

        Assert.Equal(
            $"allowed: fraud-detection/churn-xgb@7 was approved by Ben Carter on {approvedAt}; {infrastructure} (policy {_chat.Governance.FindInfrastructure(infrastructure)!.Policy.ToString().ToLowerInvariant()}) accepts approved items.",
            body);
    }

    [Theory]
    [InlineData(Prod, "blocked")]
    [InlineData(Staging, "blocked")]
    [InlineData(Sandbox, "allowed")]
    public void DeployCheck_OfARejectedSignOff_IsBlockedUnlessThePolicyIsAlways(string infrastructure, string decision)
    {
        _chat.Register();
        _chat.RequestFinal();
        Card(_chat.Press(Ben, ReviewVerb.FinalReject, ItemText, "final", "Recall too low."));

        var body = Text(_chat.Say(Dev, $"deploy-check {ItemText} {infrastructure}"));

        Assert.StartsWith(decision + ": ", body, StringComparison.Ordinal);
    }

    [Fact]
    public void DeployCheck_OnAnUnknownInfrastructure_IsAPrivateAnswerAndRecordsNothing()
    {
        _chat.Register();
        var audit = _chat.AuditCount;

        var body = Private(_chat.Say(Dev, $"deploy-check {ItemText} moon"));

        Assert.StartsWith("There is no infrastructure 'moon'. Known: ", body, StringComparison.Ordinal);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void DeployCheck_WithAttest_WhereNoFileCanBeSent_IsAPrivateAnswerAndRecordsNothing()
    {
        _chat.Register();
        var audit = _chat.AuditCount;

        var body = Private(_chat.Say(Dev, $"deploy-check {ItemText} {Prod} --attest"));

        Assert.Equal(ChatCommandHandler.AttestNotHere, body);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void DeployCheck_OfAnUnknownItem_IsAPrivateAnswer()
    {
        Assert.StartsWith(
            "There is no item fraud-detection/churn-xgb@7.",
            Private(_chat.Say(Dev, $"deploy-check {ItemText} {Prod}")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void DeployCheck_DeliveredTwice_IsRecordedOnceAndAnsweredTwice()
    {
        _chat.Register();
        var audit = _chat.AuditCount;

        var first = Text(_chat.Say(Dev, $"deploy-check {ItemText} {Prod}", deliveryId: "evt-7"));
        var second = Text(_chat.Say(Dev, $"deploy-check {ItemText} {Prod}", deliveryId: "evt-7"));

        Assert.Equal(first, second);
        Assert.Equal(audit + 1, _chat.AuditCount);
    }

    [Fact]
    public void Bypass_Request_NamesTheOnCallApprovers()
    {
        _chat.Register();

        var body = Text(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4"));

        var bypass = Assert.Single(_chat.Store.Bypasses);
        Assert.Equal(
            $"Emergency bypass {bypass.Id} requested for fraud-detection/churn-xgb@7 on prod-api (4 h, incident INC-311). On-call approvers: Oscar Nakamura.",
            body);
        Assert.Equal((BypassStatus.Pending, Dev, "INC-311", 4), (bypass.Status, bypass.RequestedBy, bypass.Incident, bypass.Hours));
        Assert.Equal(AuditActions.BypassRequested, _chat.Store.Of(Key)[^1].Action);
        Assert.StartsWith("blocked: ", Text(_chat.Say(Dev, $"deploy-check {ItemText} {Prod}")), StringComparison.Ordinal);
    }

    [Fact]
    public void Bypass_RequestedAgainForTheSameIncident_SaysItIsWaitingAndRecordsNothing()
    {
        _chat.Register();
        Text(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4"));
        var audit = _chat.AuditCount;

        var body = Private(_chat.Say(Ana, $"bypass {ItemText} {Prod} --incident INC-311 --hours 6"));

        Assert.Equal("A bypass for incident INC-311 is already waiting for an on-call approver.", body);
        Assert.Single(_chat.Store.Bypasses);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void Bypass_RequestedWhileOneIsActive_IsAPrivateRefusal()
    {
        _chat.Register();
        Text(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4"));
        Text(_chat.Press(OnCall, ReviewVerb.BypassGrant, Assert.Single(_chat.Store.Bypasses).Id));
        var until = ReaderTime.Mark(_chat.Clock.GetUtcNow().AddHours(4));

        var body = Private(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-312 --hours 2"));

        Assert.Equal($"A bypass is already active for this item and infrastructure until {until}.", body);
        Assert.Single(_chat.Store.Bypasses);
    }

    [Fact]
    public void Bypass_Request_ByAReviewer_IsAPrivateRefusal()
    {
        _chat.Register();

        var body = Private(_chat.Say(Ops, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4"));

        Assert.Equal("Only the item owner (dev@example.com) or a project owner can request a bypass.", body);
        Assert.Empty(_chat.Store.Bypasses);
    }

    [Fact]
    public void Bypass_Request_ForMoreThan24Hours_IsAPrivateRefusal()
    {
        _chat.Register();

        Assert.Equal(
            "A bypass lasts from 1 to 24 hours; 48 was asked.",
            Private(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 48")));
        Assert.Empty(_chat.Store.Bypasses);
    }

    [Fact]
    public void BypassGrant_ByAnOnCallApprover_GrantsUntilTheExpiryAndDeployCheckIsAllowed()
    {
        _chat.Register();
        Text(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4"));
        var id = Assert.Single(_chat.Store.Bypasses).Id;

        var body = Text(_chat.Press(OnCall, ReviewVerb.BypassGrant, id));
        var now = _chat.Clock.GetUtcNow();

        Assert.Equal(
            $"Bypass for fraud-detection/churn-xgb@7 on prod-api granted by Oscar Nakamura until {ReaderTime.Mark(now.AddHours(4))}. Post-incident review due {ReaderTime.Mark(now.AddHours(48))}.",
            body);
        var granted = Assert.Single(_chat.Store.Bypasses);
        Assert.Equal((BypassStatus.Granted, OnCall), (granted.Status, granted.DecidedBy));
        Assert.Equal(AuditActions.BypassGranted, _chat.Store.Of(Key)[^1].Action);

        var check = Text(_chat.Say(Dev, $"deploy-check {ItemText} {Prod}"));
        Assert.StartsWith("allowed: ", check, StringComparison.Ordinal);
        Assert.Contains("INC-311", check, StringComparison.Ordinal);
        Assert.StartsWith("warning: ", Text(_chat.Say(Dev, $"deploy-check {ItemText} {Staging}")), StringComparison.Ordinal);
    }

    [Fact]
    public void BypassGrant_Expires()
    {
        _chat.Register();
        Text(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 2"));
        Text(_chat.Press(OnCall, ReviewVerb.BypassGrant, Assert.Single(_chat.Store.Bypasses).Id));

        _chat.Clock.Advance(TimeSpan.FromHours(2));

        Assert.StartsWith("blocked: ", Text(_chat.Say(Dev, $"deploy-check {ItemText} {Prod}")), StringComparison.Ordinal);
    }

    [Fact]
    public void BypassGrant_ByTheRequester_IsAPrivateRefusalEvenWhenOnCall()
    {
        var chat = new ChatFixture(Build(onCallApprovers: [new Assignee(Ana), new Assignee(OnCall)]));
        chat.Register();
        Assert.EndsWith(
            "On-call approvers: Ana Ortiz, Oscar Nakamura.",
            Text(chat.Say(Ana, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4")),
            StringComparison.Ordinal);
        var id = Assert.Single(chat.Store.Bypasses).Id;
        var audit = chat.AuditCount;

        var body = Private(chat.Press(Ana, ReviewVerb.BypassGrant, id));

        Assert.Equal("You requested this bypass, so you cannot grant it yourself.", body);
        Assert.Equal(BypassStatus.Pending, Assert.Single(chat.Store.Bypasses).Status);
        Assert.Equal(audit, chat.AuditCount);
        Assert.StartsWith("blocked: ", Text(chat.Say(Ana, $"deploy-check {ItemText} {Prod}")), StringComparison.Ordinal);
    }

    [Fact]
    public void BypassGrant_ByTheRequesterWhoIsNotOnCall_IsAPrivateRefusal()
    {
        _chat.Register();
        Text(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4"));
        var id = Assert.Single(_chat.Store.Bypasses).Id;

        var body = Private(_chat.Press(Dev, ReviewVerb.BypassGrant, id));

        Assert.Equal("Only an on-call approver of fraud-detection can grant or deny a bypass.", body);
        Assert.Equal(BypassStatus.Pending, Assert.Single(_chat.Store.Bypasses).Status);
    }

    [Fact]
    public void BypassDeny_ByAnOnCallApprover_DeniesIt()
    {
        _chat.Register();
        Text(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4"));
        var id = Assert.Single(_chat.Store.Bypasses).Id;

        var body = Text(_chat.Press(OnCall, ReviewVerb.BypassDeny, id));

        Assert.Equal("Bypass for fraud-detection/churn-xgb@7 on prod-api denied by Oscar Nakamura.", body);
        Assert.Equal("This bypass was already denied.", Private(_chat.Press(OnCall, ReviewVerb.BypassGrant, id)));
        Assert.StartsWith("blocked: ", Text(_chat.Say(Dev, $"deploy-check {ItemText} {Prod}")), StringComparison.Ordinal);
    }

    [Fact]
    public void BypassGrant_OfAnUnknownBypass_IsAPrivateRefusal()
    {
        Assert.Equal("There is no bypass 'nope'.", Private(_chat.Press(OnCall, ReviewVerb.BypassGrant, "nope")));
    }

    [Fact]
    public void BypassGrant_DeliveredTwice_IsRecordedOnce()
    {
        _chat.Register();
        Text(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4"));
        var id = Assert.Single(_chat.Store.Bypasses).Id;
        var audit = _chat.AuditCount;

        var first = Text(_chat.Press(OnCall, ReviewVerb.BypassGrant, id, deliveryId: "evt-grant"));
        var second = Text(_chat.Press(OnCall, ReviewVerb.BypassGrant, id, deliveryId: "evt-grant"));

        Assert.Equal(first, second);
        Assert.Equal(audit + 1, _chat.AuditCount);
    }

    [Fact]
    public void IncidentReview_ByTheOwner_ClosesTheReviewOfTheGrantedBypass()
    {
        _chat.Register();
        Text(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4"));
        Text(_chat.Press(OnCall, ReviewVerb.BypassGrant, Assert.Single(_chat.Store.Bypasses).Id));

        var body = Text(_chat.Say(Dev, $"incident-review {ItemText} {Prod} --link {IncidentLink}"));

        Assert.Equal($"Post-incident review of fraud-detection/churn-xgb@7 on prod-api closed: {IncidentLink}", body);
        var review = Assert.Single(_chat.Store.Bypasses).Review!;
        Assert.False(review.IsOpen);
        Assert.Equal((IncidentLink, Dev), (review.Link, review.ClosedBy));
        var e = _chat.Store.Of(Key)[^1];
        Assert.Equal((AuditActions.IncidentReviewClosed, Dev, IncidentLink), (e.Action, e.Actor, e.Comment));

        Assert.Equal(
            "There is no open post-incident review for fraud-detection/churn-xgb@7 on prod-api.",
            Private(_chat.Say(Dev, $"incident-review {ItemText} {Prod} --link {IncidentLink}")));
    }

    [Fact]
    public void IncidentReview_WithoutAGrantedBypass_IsAPrivateRefusal()
    {
        _chat.Register();
        var audit = _chat.AuditCount;

        var body = Private(_chat.Say(Dev, $"incident-review {ItemText} {Prod} --link {IncidentLink}"));

        Assert.Equal("There is no open post-incident review for fraud-detection/churn-xgb@7 on prod-api.", body);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void IncidentReview_WithALinkThatIsNotALink_IsAPrivateRefusal()
    {
        _chat.Register();
        Text(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4"));
        Text(_chat.Press(OnCall, ReviewVerb.BypassGrant, Assert.Single(_chat.Store.Bypasses).Id));

        var body = Private(_chat.Say(Dev, $"incident-review {ItemText} {Prod} --link pir-311"));

        Assert.Equal("'pir-311' is not an absolute http(s) link to the review.", body);
        Assert.True(Assert.Single(_chat.Store.Bypasses).Review!.IsOpen);
    }

    [Fact]
    public void IncidentReview_ByAnotherPerson_IsAPrivateRefusal()
    {
        _chat.Register();
        Text(_chat.Say(Dev, $"bypass {ItemText} {Prod} --incident INC-311 --hours 4"));
        Text(_chat.Press(OnCall, ReviewVerb.BypassGrant, Assert.Single(_chat.Store.Bypasses).Id));

        var body = Private(_chat.Say(OnCall, $"incident-review {ItemText} {Prod} --link {IncidentLink}"));

        Assert.Equal("Only the item owner (dev@example.com) or a project owner can close a post-incident review.", body);
        Assert.True(Assert.Single(_chat.Store.Bypasses).Review!.IsOpen);
    }
}
