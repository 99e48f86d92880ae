using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Items;

/// <summary>Issue 14: <c>evidence &lt;item&gt; …</c> changes the evidence links while the sign-off is open (item or project owner).</summary>
public sealed class ChangeEvidenceTests
{
    private const string NewCard = "https://docs.example.com/churn-xgb/7/model-card-v2";
    private static readonly DateTimeOffset At = T0.AddHours(2);
    private static readonly Evidence NewModelCard = new(NewCard, null, null, null);

    [Fact]
    public void ChangeEvidence_AfterAPolicyRefusalForAMissingModelCard_LetsTheFinalApprovalThrough()
    {
        // Medium risk needs the model card; the item was registered without one.
        var item = InState(SignOffState.FinalApprovalRequested, risk: RiskLevel.Medium, evidence: FullEvidence with { ModelCard = null });
        var refused = Expect.Refused(item.Decide(Model, Ben, FinalDecisionKind.Approve, null, At), item, "policy-not-met");
        Assert.Contains("the model card is missing", refused.Message, StringComparison.Ordinal);

        var changed = Applied(item.ChangeEvidence(Model, Dev, NewModelCard, At));
        var approved = Applied(changed.Decide(Model, Ben, FinalDecisionKind.Approve, null, At.AddMinutes(5)));

        Assert.Equal(NewCard, changed.Evidence.ModelCard);
        Assert.Equal(SignOffState.FinalApprovalRequested, changed.SignOff.State);
        Assert.Equal(SignOffState.Approved, approved.SignOff.State);
    }

    [Fact]
    public void ChangeEvidence_ReplacesOnlyTheNamedLinksAndRecordsOneAuditEventSayingWhat()
    {
        var item = FeedbackRequested();

        var change = item.ChangeEvidence(Model, Dev, new Evidence(NewCard, null, null, "CHG-2000"), At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(
            new DomainEvent(AuditActions.EvidenceChanged, "fraud-detection/churn-xgb@7", null, null, $"model card: {NewCard}; change ticket: CHG-2000"),
            e);
        Assert.Equal(new Evidence(NewCard, FullEvidence.ValidationReport, FullEvidence.RollbackPlan, "CHG-2000"), change.Value!.Evidence);
        Assert.Equal(SignOffState.FeedbackRequested, change.Value.SignOff.State);
        var history = Assert.Single(change.Value.SignOff.History);
        Assert.Equal(new SignOffChange(SignOffChangeKind.EvidenceChanged, null, Dev, e.Comment, At), history);
        Assert.Equal(At, change.Value.SignOff.EvidenceChangedAt);
    }

    [Theory]
    [InlineData(SignOffState.NotStarted)]
    [InlineData(SignOffState.FeedbackRequested)]
    [InlineData(SignOffState.FinalApprovalRequested)]
    public void ChangeEvidence_WhileOpen_IsAccepted(SignOffState state)
    {
        var change = InState(state).ChangeEvidence(Model, Dev, NewModelCard, At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(state, change.Value!.SignOff.State);
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Ana)]
    [InlineData("DEV@example.com")]
    public void ChangeEvidence_ByTheItemOwnerOrAProjectOwner_IsAccepted(string actor)
    {
        Expect.AppliedOneEvent(FeedbackRequested().ChangeEvidence(Model, actor, NewModelCard, At).Outcome);
    }

    [Theory]
    [InlineData(Ben)]
    [InlineData(Ops)]
    [InlineData(Eve)]
    public void ChangeEvidence_ByAnyoneElse_IsRefused(string actor)
    {
        var item = FeedbackRequested();

        var violation = Expect.Refused(item.ChangeEvidence(Model, actor, NewModelCard, At), item, "not-item-or-project-owner");

        Assert.Equal(RefusalKind.Forbidden, violation.Kind);
        Assert.Equal("Only the item owner (dev@example.com) or a project owner can change the evidence.", violation.Message);
    }

    [Theory]
    [InlineData(SignOffState.Approved, "approved")]
    [InlineData(SignOffState.Rejected, "rejected")]
    [InlineData(SignOffState.Abandoned, "abandoned")]
    public void ChangeEvidence_OnceTheSignOffEnded_IsRefused(SignOffState state, string word)
    {
        var item = InState(state);

        var violation = Expect.Refused(item.ChangeEvidence(Model, Dev, NewModelCard, At), item, "sign-off-not-open");

        Assert.Equal(RefusalKind.Conflict, violation.Kind);
        Assert.Equal($"The sign-off of fraud-detection/churn-xgb@7 is {word}: only an open sign-off can be changed.", violation.Message);
    }

    [Fact]
    public void ChangeEvidence_WithNoLinkNamed_IsRefusedAsNothingChanged()
    {
        var item = FeedbackRequested();

        var violation = Expect.Refused(item.ChangeEvidence(Model, Dev, Evidence.None, At), item, "nothing-changed");

        Assert.Contains("--model-card, --report, --rollback or --ticket", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docs.example.com/card", null, "The model card must be an absolute http(s) link; 'docs.example.com/card' is not.")]
    [InlineData("ftp://docs.example.com/card", null, "The model card must be an absolute http(s) link; 'ftp://docs.example.com/card' is not.")]
    [InlineData("https://docs.example.com/card\0", null, "The model card must be an absolute http(s) link; 'https://docs.example.com/card\0' is not.")]
    [InlineData(null, "CHG 1", "The change ticket is an id such as CHG-1042: no spaces or control characters, at most 100 characters.")]
    [InlineData(null, "CHG-1\0", "The change ticket is an id such as CHG-1042: no spaces or control characters, at most 100 characters.")]
    public void ChangeEvidence_WithABadLink_IsRefusedSayingWhich(string? card, string? ticket, string message)
    {
        var item = FeedbackRequested();

        var violation = Expect.Refused(item.ChangeEvidence(Model, Dev, new Evidence(card, null, null, ticket), At), item, "invalid-item");

        Assert.Equal(message, violation.Message);
    }

    [Fact]
    public void ChangeEvidence_ToTheLinksItAlreadyHas_IsUnchangedWithoutAnEvent()
    {
        var item = FeedbackRequested();

        var reason = Expect.Unchanged(item.ChangeEvidence(Model, Dev, new Evidence(FullEvidence.ModelCard, null, null, FullEvidence.Ticket), At), item);

        Assert.Equal("The evidence of fraud-detection/churn-xgb@7 already reads so.", reason);
        Assert.Empty(item.SignOff.History);
    }

    [Fact]
    public void ChangeEvidence_MarksOnlyTheAnswersGivenBeforeItInTheView()
    {
        var item = FeedbackRequested()
            .Answer(Ops, ItOps, at: At.AddMinutes(-30))
            .Answer(Biz, Business, FeedbackAnswerKind.MinorIssue, "Rename the KPI.", at: At.AddMinutes(-10));
        item = Applied(item.ChangeEvidence(Model, Dev, NewModelCard, At));
        item = item.Answer(Chen, RiskCompliance, at: At.AddMinutes(10));

        var view = SignOffViews.For(item, Model, Ops);

        Assert.Equal("answered before the evidence changed", Assert.Single(Slot(view, ItOps).Answers).Note);
        Assert.Equal("answered before the evidence changed", Assert.Single(Slot(view, Business).Answers).Note);
        Assert.Null(Assert.Single(Slot(view, RiskCompliance).Answers).Note);
        Assert.Contains(view.ChangeLines.Select(ReaderTime.InUtc), l => l.StartsWith($"Evidence changed by {DevName} on 2026-03-02 11:00 UTC (model card: {NewCard})", StringComparison.Ordinal));
        Assert.Contains(view.Evidence, l => l.Url == NewCard);
    }

    [Fact]
    public void ChangeEvidence_KeepsEarlierAnswersCountingForThePolicy()
    {
        var governance = WithPolicy(RiskLevel.High, new ReviewPolicy([ItOps], false, [], 0));
        var item = InState(SignOffState.FeedbackRequested, governance, RiskLevel.High).Answer(Ops, ItOps, governance: governance, at: At.AddMinutes(-5));
        item = Applied(item.ChangeEvidence(governance, Dev, NewModelCard, At));

        Expect.AppliedOneEvent(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At.AddMinutes(5)).Outcome);
    }

    private static SlotView Slot(SignOffView view, string category) => view.Feedback.Single(s => s.Slot == category);
}
