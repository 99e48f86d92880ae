using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Items;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Items;

public sealed class RequestFinalTests
{
    [Fact]
    public void RequestFinal_WhenNotStarted_SkipsFeedbackAndAsksTheApprover()
    {
        var item = Registered();

        var change = item.RequestFinal(Model, Dev);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(SignOffState.FinalApprovalRequested, change.Value!.SignOff.State);
        Assert.All(change.Value!.SignOff.Feedback, s => Assert.False(s.Requested));
        Assert.Equal(new DomainEvent(AuditActions.FinalApprovalRequested, "fraud-detection/churn-xgb@7", "final", null, null), e);
    }

    [Fact]
    public void RequestFinal_WhenFeedbackRequestedAndSomeMissing_IsApplied()
    {
        var item = FeedbackRequested().Answer(Ops, ItOps);

        var change = item.RequestFinal(Model, Dev);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(SignOffState.FinalApprovalRequested, change.Value!.SignOff.State);
        Assert.Single(change.Value!.SignOff.FindSlot(ItOps)!.Answers);
    }

    [Fact]
    public void RequestFinal_WhenActorIsProjectOwner_IsApplied()
    {
        var item = FeedbackRequested(owner: Dev);

        Expect.AppliedOneEvent(item.RequestFinal(Model, Ana).Outcome);
    }

    [Fact]
    public void RequestFinal_WhenAlreadyRequested_IsUnchanged()
    {
        var item = InState(SignOffState.FinalApprovalRequested);

        var reason = Expect.Unchanged(item.RequestFinal(Model, Dev), item);

        Assert.Equal("The final approval was already requested.", reason);
    }

    [Theory]
    [InlineData(Ben)]
    [InlineData(Biz)]
    [InlineData(Eve)]
    public void RequestFinal_WhenActorIsNeitherItemNorProjectOwner_IsRefused(string actor)
    {
        var item = FeedbackRequested();

        var violation = Expect.Refused(item.RequestFinal(Model, actor), item, "not-item-or-project-owner");

        Assert.Equal("Only the item owner (dev@example.com) or a project owner can request the final approval.", violation.Message);
    }

    [Theory]
    [InlineData(SignOffState.Rejected, "sign-off-locked", "was rejected; it is locked")]
    [InlineData(SignOffState.Abandoned, "sign-off-locked", "was abandoned; it is locked")]
    [InlineData(SignOffState.Approved, "sign-off-closed", "is already approved")]
    public void RequestFinal_WhenSignOffEnded_IsRefused(SignOffState state, string rule, string text)
    {
        var item = InState(state);

        var violation = Expect.Refused(item.RequestFinal(Model, Dev), item, rule);

        Assert.Contains(text, violation.Message);
    }
}
