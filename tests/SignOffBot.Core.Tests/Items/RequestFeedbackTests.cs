using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Items;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Items;

public sealed class RequestFeedbackTests
{
    [Fact]
    public void RequestFeedback_WhenNoCategoryNamed_RequestsEverySlot()
    {
        var item = Registered();

        var change = item.RequestFeedback(Model, Dev, []);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(SignOffState.FeedbackRequested, change.Value!.SignOff.State);
        Assert.All(change.Value!.SignOff.Feedback, s => Assert.True(s.Requested));
        Assert.Equal(new DomainEvent(AuditActions.FeedbackRequested, "fraud-detection/churn-xgb@7", "IT & Operations, Risk & Compliance, Business", null, null), e);
    }

    [Fact]
    public void RequestFeedback_WhenCategoriesNamed_RequestsOnlyThoseSlots()
    {
        var item = Registered();

        var change = item.RequestFeedback(Model, Dev, [Business, "risk-compliance"]);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(SignOffState.FeedbackRequested, change.Value!.SignOff.State);
        Assert.False(change.Value!.SignOff.FindSlot(ItOps)!.Requested);
        Assert.True(change.Value!.SignOff.FindSlot(RiskCompliance)!.Requested);
        Assert.True(change.Value!.SignOff.FindSlot(Business)!.Requested);
        Assert.Equal("Business, Risk & Compliance", e.Slot);
    }

    [Fact]
    public void RequestFeedback_WhenAnotherCategoryNamedLater_AddsOnlyTheNewSlot()
    {
        var item = Applied(Registered().RequestFeedback(Model, Dev, [Business]));

        var change = item.RequestFeedback(Model, Dev, [Business, ItOps]);

        Assert.Equal(ItOps, Expect.AppliedOneEvent(change.Outcome).Slot);
        Assert.True(change.Value!.SignOff.FindSlot(ItOps)!.Requested);
        Assert.True(change.Value!.SignOff.FindSlot(Business)!.Requested);
        Assert.False(change.Value!.SignOff.FindSlot(RiskCompliance)!.Requested);
    }

    [Fact]
    public void RequestFeedback_WhenEveryNamedSlotAlreadyRequested_IsUnchanged()
    {
        var item = Applied(Registered().RequestFeedback(Model, Dev, [Business]));

        var reason = Expect.Unchanged(item.RequestFeedback(Model, Dev, ["business"]), item);

        Assert.Equal("Feedback was already requested on Business.", reason);
    }

    [Fact]
    public void RequestFeedback_WhenAllAlreadyRequested_IsUnchanged()
    {
        var item = FeedbackRequested();

        var reason = Expect.Unchanged(item.RequestFeedback(Model, Ana, []), item);

        Assert.Equal("Feedback was already requested on IT & Operations, Risk & Compliance, Business.", reason);
    }

    [Fact]
    public void RequestFeedback_WhenCategoryUnknown_IsRefusedNamingTheKnownCategories()
    {
        var item = Registered();

        var violation = Expect.Refused(item.RequestFeedback(Model, Dev, [Business, "Legal"]), item, "unknown-category");

        Assert.Equal(RefusalKind.Invalid, violation.Kind);
        Assert.Equal(
            "Project fraud-detection has no feedback category 'Legal'. Categories: \"IT & Operations\", \"Risk & Compliance\", \"Business\".",
            violation.Message);
    }

    [Fact]
    public void RequestFeedback_WhenActorIsProjectOwner_IsApplied()
    {
        var item = Registered(owner: Dev);

        var change = item.RequestFeedback(Model, Ana, []);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(SignOffState.FeedbackRequested, change.Value!.SignOff.State);
    }

    [Theory]
    [InlineData(Ben)]
    [InlineData(Ops)]
    [InlineData(Eve)]
    public void RequestFeedback_WhenActorIsNeitherItemNorProjectOwner_IsRefused(string actor)
    {
        var item = Registered(owner: Dev);

        var violation = Expect.Refused(item.RequestFeedback(Model, actor, []), item, "not-item-or-project-owner");

        Assert.Equal(RefusalKind.Forbidden, violation.Kind);
        Assert.Equal("Only the item owner (dev@example.com) or a project owner can request feedback.", violation.Message);
    }

    [Fact]
    public void RequestFeedback_WhenFinalApprovalAlreadyRequested_IsRefused()
    {
        var item = InState(SignOffState.FinalApprovalRequested);

        var violation = Expect.Refused(item.RequestFeedback(Model, Dev, [ItOps]), item, "feedback-not-requestable");

        Assert.Equal(
            "Feedback can be requested only before the final approval is requested; the sign-off is final-approval-requested.",
            violation.Message);
    }

    [Fact]
    public void RequestFeedback_WhenFinalRequestedWithoutFeedback_IsRefused()
    {
        var item = Applied(Registered().RequestFinal(Model, Dev));

        var violation = Expect.Refused(item.RequestFeedback(Model, Dev, []), item, "feedback-not-requestable");

        Assert.Contains("only before the final approval is requested", violation.Message);
    }

    [Theory]
    [InlineData(SignOffState.Rejected, "rejected")]
    [InlineData(SignOffState.Abandoned, "abandoned")]
    public void RequestFeedback_WhenSignOffLocked_IsRefused(SignOffState state, string word)
    {
        var item = InState(state);

        var violation = Expect.Refused(item.RequestFeedback(Model, Dev, []), item, "sign-off-locked");

        Assert.Equal(
            $"The sign-off of fraud-detection/churn-xgb@7 was {word}; it is locked and accepts no further answers. A new version is a new item with a new sign-off.",
            violation.Message);
    }

    [Fact]
    public void RequestFeedback_WhenApproved_IsRefusedAsClosed()
    {
        var item = InState(SignOffState.Approved);

        var violation = Expect.Refused(item.RequestFeedback(Model, Dev, []), item, "sign-off-closed");

        Assert.Equal("The sign-off of fraud-detection/churn-xgb@7 is already approved; it accepts no further answers.", violation.Message);
    }

    [Fact]
    public void RequestFeedback_WhenProjectHasNoCategories_IsRefusedPointingToFinalApproval()
    {
        var governance = Build(feedback: Array.Empty<FeedbackCategory>());
        var item = Registered(governance);

        var violation = Expect.Refused(item.RequestFeedback(governance, Dev, []), item, "no-feedback-categories");

        Assert.Equal("Project fraud-detection has no feedback categories; request the final approval instead.", violation.Message);
    }
}
