using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Items;

public sealed class ReviewPolicyTests
{
    private const string Prefix = "The high-risk review policy does not allow the final approval yet: ";
    private static readonly DateTimeOffset At = T0.AddHours(3);

    private static GovernanceModel HighOnly(ReviewPolicy policy) => WithPolicy(RiskLevel.High, policy);

    private static Item HighItem(GovernanceModel governance, string owner = Dev, Evidence? evidence = null) =>
        InState(SignOffState.FeedbackRequested, governance, RiskLevel.High, owner, evidence);

    [Fact]
    public void Decide_WhenEmptyPolicyAndNoFeedback_IsApproved()
    {
        var item = InState(SignOffState.FinalApprovalRequested, risk: RiskLevel.Low, evidence: Evidence.None);

        var change = item.Decide(Model, Ben, FinalDecisionKind.Approve, null, At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(SignOffState.Approved, change.Value!.SignOff.State);
    }

    [Fact]
    public void Decide_WhenRequiredCategoryHasNoAnswer_IsRefusedNamingTheCategory()
    {
        var governance = HighOnly(new ReviewPolicy([ItOps, Business], false, [], 0));
        var item = HighItem(governance).Answer(Ops, ItOps, governance: governance);

        var violation = Expect.Refused(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At), item, "policy-not-met");

        Assert.Equal(Prefix + "feedback on Business has no answer yet.", violation.Message);
    }

    [Fact]
    public void Decide_WhenRequiredCategoryAnsweredEvenWithAnIssue_IsApproved()
    {
        var governance = HighOnly(new ReviewPolicy([Business], false, [], 0));
        var item = HighItem(governance).Answer(Biz, Business, FeedbackAnswerKind.MinorIssue, "Naming.", governance);

        Expect.AppliedOneEvent(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At).Outcome);
    }

    [Fact]
    public void Decide_WhenReviewerLatestAnswerIsMajorIssue_IsRefusedNamingReviewerAndComment()
    {
        var governance = HighOnly(new ReviewPolicy([], true, [], 0));
        var item = HighItem(governance)
            .Answer(Ops, ItOps, governance: governance)
            .Answer(Biz, Business, FeedbackAnswerKind.MajorIssue, "Churn is defined on the wrong window.", governance);

        var violation = Expect.Refused(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At), item, "policy-not-met");

        Assert.Equal(Prefix + "Bianca Ferreira has an open major issue on Business (\"Churn is defined on the wrong window.\").", violation.Message);
    }

    [Fact]
    public void Decide_WhenMajorIssueReplacedByApprove_IsApproved()
    {
        var governance = HighOnly(new ReviewPolicy([], true, [], 0));
        var item = HighItem(governance)
            .Answer(Biz, Business, FeedbackAnswerKind.MajorIssue, "Wrong window.", governance, T0.AddMinutes(10))
            .Answer(Biz, Business, FeedbackAnswerKind.Approve, "Fixed in the card.", governance, T0.AddMinutes(20));

        Expect.AppliedOneEvent(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At).Outcome);
    }

    [Fact]
    public void Decide_WhenMajorIssueButPolicyDoesNotBlock_IsApproved()
    {
        var governance = HighOnly(new ReviewPolicy([], false, [], 0));
        var item = HighItem(governance).Answer(Biz, Business, FeedbackAnswerKind.MajorIssue, "Wrong window.", governance);

        Expect.AppliedOneEvent(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At).Outcome);
    }

    [Theory]
    [InlineData(EvidenceKind.ModelCard, "the model card is missing")]
    [InlineData(EvidenceKind.ValidationReport, "the validation report is missing")]
    [InlineData(EvidenceKind.RollbackPlan, "the rollback plan is missing")]
    [InlineData(EvidenceKind.Ticket, "the change ticket is missing")]
    public void Decide_WhenRequiredEvidenceMissing_IsRefusedNamingTheEvidence(EvidenceKind kind, string missing)
    {
        var governance = HighOnly(new ReviewPolicy([], false, [kind], 0));
        var evidence = kind switch
        {
            EvidenceKind.ModelCard => FullEvidence with { ModelCard = null },
            EvidenceKind.ValidationReport => FullEvidence with { ValidationReport = null },
            EvidenceKind.RollbackPlan => FullEvidence with { RollbackPlan = null },
            _ => FullEvidence with { Ticket = null },
        };
        var item = HighItem(governance, evidence: evidence);

        var violation = Expect.Refused(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At), item, "policy-not-met");

        Assert.Equal(Prefix + missing + ".", violation.Message);
    }

    [Fact]
    public void Decide_WhenRequiredEvidencePresent_IsApproved()
    {
        var governance = HighOnly(new ReviewPolicy([], false, [EvidenceKind.ModelCard, EvidenceKind.ValidationReport, EvidenceKind.RollbackPlan, EvidenceKind.Ticket], 0));
        var item = HighItem(governance, evidence: FullEvidence);

        Expect.AppliedOneEvent(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At).Outcome);
    }

    [Fact]
    public void Decide_WhenTooFewFeedbackApprovals_IsRefusedCountingThem()
    {
        var governance = HighOnly(new ReviewPolicy([], false, [], 2));
        var item = HighItem(governance).Answer(Ops, ItOps, governance: governance);

        var violation = Expect.Refused(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At), item, "policy-not-met");

        Assert.Equal(Prefix + "2 feedback approvals from distinct persons other than the owner and the final approver are needed, 1 so far.", violation.Message);
    }

    [Fact]
    public void Decide_WhenEnoughFeedbackApprovals_IsApproved()
    {
        var governance = HighOnly(new ReviewPolicy([], false, [], 2));
        var item = HighItem(governance).Answer(Ops, ItOps, governance: governance).Answer(Biz, Business, governance: governance);

        Expect.AppliedOneEvent(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At).Outcome);
    }

    [Fact]
    public void Decide_WhenOwnerApprovedFeedback_OwnerIsNotCounted()
    {
        // ana owns the item and, as a member of model-risk, may answer Risk & Compliance.
        var governance = HighOnly(new ReviewPolicy([], false, [], 2));
        var item = HighItem(governance, owner: Ana)
            .Answer(Ana, RiskCompliance, governance: governance)
            .Answer(Ops, ItOps, governance: governance);

        var violation = Expect.Refused(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At), item, "policy-not-met");

        Assert.EndsWith("are needed, 1 so far.", violation.Message);
        Expect.AppliedOneEvent(item.Answer(Biz, Business, governance: governance).Decide(governance, Ben, FinalDecisionKind.Approve, null, At).Outcome);
    }

    [Fact]
    public void Decide_WhenApproverApprovedFeedback_ApproverIsNotCounted()
    {
        var governance = HighOnly(new ReviewPolicy([], false, [], 2));
        var item = HighItem(governance)
            .Answer(Ben, RiskCompliance, governance: governance)
            .Answer(Ops, ItOps, governance: governance);

        var byBen = Expect.Refused(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At), item, "policy-not-met");
        var byChen = item.Decide(governance, Chen, FinalDecisionKind.Approve, null, At);

        Assert.EndsWith("are needed, 1 so far.", byBen.Message);
        Expect.AppliedOneEvent(byChen.Outcome);
    }

    [Fact]
    public void Decide_WhenOnePersonApprovedTwice_CountsThemOnce()
    {
        var governance = HighOnly(new ReviewPolicy([], false, [], 2));
        var item = HighItem(governance)
            .Answer(Ops, ItOps, FeedbackAnswerKind.Approve, "First look.", governance, T0.AddMinutes(10))
            .Answer(Ops, ItOps, FeedbackAnswerKind.Approve, "Second look.", governance, T0.AddMinutes(20));

        var violation = Expect.Refused(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At), item, "policy-not-met");

        Assert.EndsWith("are needed, 1 so far.", violation.Message);
    }

    [Fact]
    public void Decide_WhenReviewerLatestAnswerIsNotApprove_IsNotCounted()
    {
        var governance = HighOnly(new ReviewPolicy([], false, [], 2));
        var item = HighItem(governance)
            .Answer(Ops, ItOps, FeedbackAnswerKind.Approve, null, governance, T0.AddMinutes(10))
            .Answer(Ops, ItOps, FeedbackAnswerKind.MinorIssue, "Alert thresholds unclear.", governance, T0.AddMinutes(20))
            .Answer(Biz, Business, governance: governance);

        var violation = Expect.Refused(item.Decide(governance, Ben, FinalDecisionKind.Approve, null, At), item, "policy-not-met");

        Assert.EndsWith("are needed, 1 so far.", violation.Message);
    }

    [Fact]
    public void Decide_WhenHighPolicyAndNothingDone_NamesEverythingMissing()
    {
        var item = HighItem(Model, evidence: Evidence.None);

        var violation = Expect.Refused(item.Decide(Model, Ben, FinalDecisionKind.Approve, null, At), item, "policy-not-met");

        Assert.Equal(
            Prefix
            + "feedback on IT & Operations has no answer yet; "
            + "feedback on Risk & Compliance has no answer yet; "
            + "feedback on Business has no answer yet; "
            + "the model card is missing; the validation report is missing; the rollback plan is missing; "
            + "2 feedback approvals from distinct persons other than the owner and the final approver are needed, 0 so far.",
            violation.Message);
    }

    [Fact]
    public void Decide_WhenHighPolicyPartlyMet_NamesOnlyWhatIsStillMissing()
    {
        var item = HighItem(Model, evidence: FullEvidence with { RollbackPlan = null })
            .Answer(Ops, ItOps)
            .Answer(Chen, RiskCompliance, FeedbackAnswerKind.MajorIssue, "No bias review.");

        var violation = Expect.Refused(item.Decide(Model, Ben, FinalDecisionKind.Approve, null, At), item, "policy-not-met");

        Assert.Equal(
            Prefix
            + "feedback on Business has no answer yet; "
            + "Chen Wei has an open major issue on Risk & Compliance (\"No bias review.\"); "
            + "the rollback plan is missing; "
            + "2 feedback approvals from distinct persons other than the owner and the final approver are needed, 1 so far.",
            violation.Message);
    }

    [Fact]
    public void Decide_WhenHighPolicyFullyMet_IsApproved()
    {
        var item = HighItem(Model)
            .Answer(Ops, ItOps)
            .Answer(Chen, RiskCompliance)
            .Answer(Biz, Business, FeedbackAnswerKind.MinorIssue, "Rename the KPI.");

        var change = item.Decide(Model, Ben, FinalDecisionKind.Approve, null, At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(SignOffState.Approved, change.Value!.SignOff.State);
    }

    [Fact]
    public void Decide_WhenMediumPolicy_BlocksOnMajorIssueAndMissingModelCard()
    {
        var item = InState(SignOffState.FinalApprovalRequested, risk: RiskLevel.Medium, evidence: Evidence.None)
            .Answer(Ops, ItOps, FeedbackAnswerKind.MajorIssue, "No on-call runbook.");

        var violation = Expect.Refused(item.Decide(Model, Ben, FinalDecisionKind.Approve, null, At), item, "policy-not-met");

        Assert.Equal(
            "The medium-risk review policy does not allow the final approval yet: Olu Adeyemi has an open major issue on IT & Operations (\"No on-call runbook.\"); the model card is missing.",
            violation.Message);
    }

    [Theory]
    [InlineData(FinalDecisionKind.Reject)]
    [InlineData(FinalDecisionKind.Abandon)]
    public void Decide_WhenPolicyNotMet_RejectAndAbandonAreStillAllowed(FinalDecisionKind decision)
    {
        var item = HighItem(Model, evidence: Evidence.None);

        Expect.AppliedOneEvent(item.Decide(Model, Ben, decision, "Not ready.", At).Outcome);
    }
}
