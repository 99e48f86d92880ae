using SignOffBot.Core.Outcomes;
using SignOffBot.Core.SignOffs;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.SignOffs;

public sealed class DelegateTests
{
    private static readonly DateTimeOffset At = T0.AddHours(1);

    [Fact]
    public void Delegate_WhenAssigneeHandsFeedbackSlotOver_RecordsTheDelegation()
    {
        var item = FeedbackRequested();

        var change = item.Delegate(Model, Ops, "it & operations", Eve, At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(Eve, change.Item.SignOff.FindSlot(ItOps)!.Delegate);
        Assert.Equal(new Delegation(ItOps, Ops, Eve, Ops, At), Assert.Single(change.Item.SignOff.Delegations));
        Assert.Equal(new DomainEvent(AuditActions.Delegated, "fraud-detection/churn-xgb@7", ItOps, null, "delegated to eve@example.com"), e);
        Assert.True(change.Item.MayAnswer(Model, change.Item.SignOff.FindSlot(ItOps)!, Eve));
        Assert.False(change.Item.MayAnswer(Model, change.Item.SignOff.FindSlot(ItOps)!, Ops));
    }

    [Fact]
    public void Delegate_WhenGroupMemberHandsGroupSlotOver_NamesTheGroupAsFrom()
    {
        var item = FeedbackRequested();

        var change = item.Delegate(Model, Chen, RiskCompliance, Eve, At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(new Delegation(RiskCompliance, "group:model-risk", Eve, Chen, At), Assert.Single(change.Item.SignOff.Delegations));
    }

    [Fact]
    public void Delegate_WhenFinalApproverHandsFinalSlotOver_DelegateHoldsIt()
    {
        var item = InState(SignOffState.FinalApprovalRequested);

        var change = item.Delegate(Model, Ben, "final", Eve, At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(Eve, change.Item.SignOff.Final.Delegate);
        Assert.Equal(new Delegation("final", "group:model-risk", Eve, Ben, At), Assert.Single(change.Item.SignOff.Delegations));
        Assert.Equal("final", e.Slot);
        Assert.True(change.Item.MayDecide(Model, Eve));
        Assert.False(change.Item.MayDecide(Model, Ben));
    }

    [Fact]
    public void Delegate_WhenProjectOwnerHandsAnySlotOver_IsApplied()
    {
        var item = FeedbackRequested(owner: Dev);

        var change = item.Delegate(Model, Ana, Business, Eve, At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(new Delegation(Business, Biz, Eve, Ana, At), Assert.Single(change.Item.SignOff.Delegations));
    }

    [Fact]
    public void Delegate_WhenDelegateHandsOnAgain_NamesTheDelegateAsFrom()
    {
        var item = Applied(FeedbackRequested().Delegate(Model, Ops, ItOps, Eve, At));

        var change = item.Delegate(Model, Eve, ItOps, Biz, At.AddMinutes(5));

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(Biz, change.Item.SignOff.FindSlot(ItOps)!.Delegate);
        Assert.Equal(new Delegation(ItOps, Eve, Biz, Eve, At.AddMinutes(5)), change.Item.SignOff.Delegations[1]);
    }

    [Theory]
    [InlineData(Biz, ItOps)]
    [InlineData(Dev, ItOps)]
    [InlineData(Eve, Business)]
    [InlineData(Ops, "final")]
    [InlineData(Dev, "final")]
    public void Delegate_WhenActorNeitherHoldsTheSlotNorOwnsTheProject_IsRefused(string actor, string slot)
    {
        var item = FeedbackRequested(owner: Dev);

        var violation = Expect.Refused(item.Delegate(Model, actor, slot, Eve, At), item, "not-slot-holder-or-project-owner");

        Assert.Equal(RefusalKind.Forbidden, violation.Kind);
        Assert.Equal("Only a person holding this slot or a project owner can delegate it.", violation.Message);
    }

    [Fact]
    public void Delegate_WhenOriginalAssigneeAfterDelegation_IsRefused()
    {
        var item = Applied(FeedbackRequested().Delegate(Model, Ops, ItOps, Eve, At));

        Expect.Refused(item.Delegate(Model, Ops, ItOps, Biz, At), item, "not-slot-holder-or-project-owner");
    }

    [Fact]
    public void Delegate_WhenPersonUnknown_IsRefused()
    {
        var item = FeedbackRequested();

        var violation = Expect.Refused(item.Delegate(Model, Ops, ItOps, "mallory@example.com", At), item, "unknown-person");

        Assert.Equal(RefusalKind.NotFound, violation.Kind);
        Assert.Equal("'mallory@example.com' is not a person of the directory.", violation.Message);
    }

    [Fact]
    public void Delegate_WhenCategoryUnknown_IsRefused()
    {
        var item = FeedbackRequested();

        var violation = Expect.Refused(item.Delegate(Model, Ana, "Legal", Eve, At), item, "unknown-category");

        Assert.StartsWith("Project fraud-detection has no feedback category 'Legal'.", violation.Message);
    }

    [Theory]
    [InlineData(Ben)]
    [InlineData(Ana)]
    public void Delegate_WhenFinalSlotGoesToTheItemOwner_IsRefusedBySegregationOfDuties(string actor)
    {
        var item = InState(SignOffState.FinalApprovalRequested, owner: Dev);

        var violation = Expect.Refused(item.Delegate(Model, actor, SlotNames.Final, Dev, At), item, "segregation-of-duties");

        Assert.Equal("The final approval cannot be delegated to dev@example.com, who owns the item (segregation of duties).", violation.Message);
    }

    [Fact]
    public void Delegate_WhenOwnerInApproverGroupDelegatesFinalToThemselves_IsRefusedBySegregationOfDuties()
    {
        var item = InState(SignOffState.FinalApprovalRequested, owner: Ana);

        var violation = Expect.Refused(item.Delegate(Model, Ana, SlotNames.Final, Ana, At), item, "segregation-of-duties");

        Assert.Contains("cannot be delegated to ana@example.com, who owns the item", violation.Message);
    }

    [Fact]
    public void Delegate_WhenFinalDelegatedByOwnerToSomeoneElse_OwnerStillCannotApprove()
    {
        var item = Applied(InState(SignOffState.FinalApprovalRequested, owner: Ana).Delegate(Model, Ana, SlotNames.Final, Eve, At));

        Expect.Refused(item.Decide(Model, Ana, FinalDecisionKind.Approve, null, At), item, "segregation-of-duties");
        Expect.AppliedOneEvent(item.Decide(Model, Eve, FinalDecisionKind.Approve, null, At).Outcome);
    }

    [Fact]
    public void Delegate_WhenSameDelegateAgain_IsUnchanged()
    {
        var item = Applied(FeedbackRequested().Delegate(Model, Ops, ItOps, Eve, At));

        var reason = Expect.Unchanged(item.Delegate(Model, Ana, ItOps, Eve, At), item);

        Assert.Equal("Eve Martin already holds this slot.", reason);
    }

    [Theory]
    [InlineData(SignOffState.Rejected, "sign-off-locked")]
    [InlineData(SignOffState.Abandoned, "sign-off-locked")]
    [InlineData(SignOffState.Approved, "sign-off-closed")]
    public void Delegate_WhenSignOffEnded_IsRefused(SignOffState state, string rule)
    {
        var item = InState(state);

        Expect.Refused(item.Delegate(Model, Ana, SlotNames.Final, Eve, At), item, rule);
    }
}
