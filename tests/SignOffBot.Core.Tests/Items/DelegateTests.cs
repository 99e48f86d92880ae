using SignOffBot.Core.Governance;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Items;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Items;

public sealed class DelegateTests
{
    private static readonly DateTimeOffset At = T0.AddHours(1);

    [Fact]
    public void Delegate_WhenAssigneeHandsFeedbackSlotOver_RecordsTheDelegation()
    {
        var item = FeedbackRequested();

        var change = item.Delegate(Model, Ops, "it & operations", Eve, At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(Eve, change.Value!.SignOff.FindSlot(ItOps)!.Delegate);
        Assert.Equal(new Delegation(ItOps, Ops, Eve, Ops, At), Assert.Single(change.Value!.SignOff.Delegations));
        Assert.Equal(new DomainEvent(AuditActions.Delegated, "fraud-detection/churn-xgb@7", ItOps, null, "delegated to eve@example.com"), e);
        Assert.True(change.Value!.MayAnswer(Model, change.Value!.SignOff.FindSlot(ItOps)!, Eve));
        Assert.False(change.Value!.MayAnswer(Model, change.Value!.SignOff.FindSlot(ItOps)!, Ops));
    }

    [Fact]
    public void Delegate_WhenGroupMemberHandsGroupSlotOver_NamesTheGroupAsFrom()
    {
        var item = FeedbackRequested();

        var change = item.Delegate(Model, Chen, RiskCompliance, Eve, At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(new Delegation(RiskCompliance, "group:model-risk", Eve, Chen, At), Assert.Single(change.Value!.SignOff.Delegations));
    }

    [Fact]
    public void Delegate_WhenFinalApproverHandsFinalSlotToAFinalDelegate_DelegateHoldsIt()
    {
        var item = InState(SignOffState.FinalApprovalRequested);

        var change = item.Delegate(Model, Ben, "final", OnCall, At);

        var e = Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(OnCall, change.Value!.SignOff.Final.Delegate);
        Assert.Equal(new Delegation("final", "group:model-risk", OnCall, Ben, At), Assert.Single(change.Value!.SignOff.Delegations));
        Assert.Equal("final", e.Slot);
        Assert.True(change.Value!.MayDecide(Model, OnCall));
        Assert.False(change.Value!.MayDecide(Model, Ben));
    }

    [Theory]
    [InlineData(Ben, Chen)]
    [InlineData(Ana, Ben)]
    [InlineData(Ana, OnCall)]
    [InlineData(Chen, OnCall)]
    public void Delegate_WhenTheFinalSlotGoesToAPersonEligibleToApprove_IsApplied(string actor, string to)
    {
        var item = InState(SignOffState.FinalApprovalRequested, owner: Dev);

        var change = item.Delegate(Model, actor, SlotNames.Final, to, At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(to, change.Value!.SignOff.Final.Delegate);
    }

    [Fact]
    public void Delegate_WhenTheFinalApproverIsAPerson_OnlyTheyOrAFinalDelegateMayReceiveTheSlot()
    {
        var governance = Build(finalApprover: new Assignee(Chen), finalDelegates: [new Assignee(Biz)]);
        var item = InState(SignOffState.FinalApprovalRequested, governance, owner: Dev);

        Expect.AppliedOneEvent(item.Delegate(governance, Ana, SlotNames.Final, Chen, At).Outcome);
        Expect.AppliedOneEvent(item.Delegate(governance, Chen, SlotNames.Final, Biz, At).Outcome);
        Assert.StartsWith(
            "The final approval can be delegated only to a person eligible to approve it: Chen Wei (the final approver of fraud-detection) or a person of the project's FinalDelegates.",
            Expect.Refused(item.Delegate(governance, Chen, SlotNames.Final, Ben, At), item, "final-delegate-not-eligible").Message,
            StringComparison.Ordinal);
        Expect.Refused(item.Delegate(governance, Chen, SlotNames.Final, OnCall, At), item, "final-delegate-not-eligible");
    }

    [Theory]
    [InlineData(Ben, Eve)]
    [InlineData(Ana, Eve)]
    [InlineData(Ana, Ops)]
    [InlineData(Chen, Biz)]
    public void Delegate_WhenTheFinalSlotGoesToAPersonNotEligibleToApprove_IsRefused(string actor, string to)
    {
        var item = InState(SignOffState.FinalApprovalRequested, owner: Dev);

        var violation = Expect.Refused(item.Delegate(Model, actor, SlotNames.Final, to, At), item, "final-delegate-not-eligible");

        Assert.Equal(RefusalKind.Forbidden, violation.Kind);
        Assert.Equal(
            $"The final approval can be delegated only to a person eligible to approve it: a member of group model-risk (the final approver of fraud-detection) or a person of the project's FinalDelegates. {Model.DisplayName(to)} is neither.",
            violation.Message);
    }

    [Theory]
    [InlineData(Ana)]
    [InlineData(Ben)]
    public void Delegate_WhenTheFinalSlotGoesToTheDelegatorThemselves_IsRefused(string actor)
    {
        var item = InState(SignOffState.FinalApprovalRequested, owner: Dev);

        var violation = Expect.Refused(item.Delegate(Model, actor, SlotNames.Final, actor, At), item, "self-delegation");

        Assert.Equal(RefusalKind.Forbidden, violation.Kind);
        Assert.Equal("You cannot delegate the final approval to yourself; name another person eligible to approve.", violation.Message);
        Assert.Null(item.SignOff.Final.Delegate);
    }

    [Fact]
    public void Delegate_WhenAProjectOwnerOutsideTheApproversDelegatesFinalToThemselves_IsRefused()
    {
        // Ana owns the project but is no approver here: the slot would make her the approver of a colleague's item.
        var governance = Build(finalApprover: new Assignee(Chen));
        var item = InState(SignOffState.FinalApprovalRequested, governance, owner: Dev);

        var change = item.Delegate(governance, Ana, SlotNames.Final, Ana, At);

        Expect.Refused(change, item, "self-delegation");
        Expect.Refused(change.Value!.Decide(governance, Ana, FinalDecisionKind.Approve, null, At), item, "not-assigned");
    }

    [Theory]
    [InlineData(Ben)]
    [InlineData(OnCall)]
    public void Delegate_WhenTheItemOwnerHandsOverTheFinalSlot_IsRefusedEvenToAnEligiblePerson(string to)
    {
        var item = InState(SignOffState.FinalApprovalRequested, owner: Ana);

        var violation = Expect.Refused(item.Delegate(Model, Ana, SlotNames.Final, to, At), item, "segregation-of-duties");

        Assert.Equal("ana@example.com owns this item, so cannot hand its final approval to anyone (segregation of duties).", violation.Message);
    }

    [Theory]
    [InlineData(Ops, ItOps)]
    [InlineData(Ana, Business)]
    [InlineData(Ben, RiskCompliance)]
    public void Delegate_WhenAFeedbackSlotGoesToTheItemOwner_IsRefusedBySegregationOfDuties(string actor, string category)
    {
        var item = FeedbackRequested(owner: Dev);

        var violation = Expect.Refused(item.Delegate(Model, actor, category, Dev, At), item, "segregation-of-duties");

        Assert.Equal(RefusalKind.Forbidden, violation.Kind);
        Assert.Equal($"The {category} review cannot be delegated to dev@example.com, who owns the item (segregation of duties).", violation.Message);
    }

    [Fact]
    public void Delegate_WhenProjectOwnerHandsAnySlotOver_IsApplied()
    {
        var item = FeedbackRequested(owner: Dev);

        var change = item.Delegate(Model, Ana, Business, Eve, At);

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(new Delegation(Business, Biz, Eve, Ana, At), Assert.Single(change.Value!.SignOff.Delegations));
    }

    [Fact]
    public void Delegate_WhenDelegateHandsOnAgain_NamesTheDelegateAsFrom()
    {
        var item = Applied(FeedbackRequested().Delegate(Model, Ops, ItOps, Eve, At));

        var change = item.Delegate(Model, Eve, ItOps, Biz, At.AddMinutes(5));

        Expect.AppliedOneEvent(change.Outcome);
        Assert.Equal(Biz, change.Value!.SignOff.FindSlot(ItOps)!.Delegate);
        Assert.Equal(new Delegation(ItOps, Eve, Biz, Eve, At.AddMinutes(5)), change.Value!.SignOff.Delegations[1]);
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
