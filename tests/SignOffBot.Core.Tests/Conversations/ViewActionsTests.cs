using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Conversations.ChatFixture;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>SPEC section 4, cards: each person sees exactly the buttons they may press, and a channel none.</summary>
public sealed class ViewActionsTests
{
    private static readonly List<(ReviewVerb, string)> FinalButtons =
        [(ReviewVerb.FinalApprove, "final"), (ReviewVerb.FinalReject, "final"), (ReviewVerb.FinalAbandon, "final")];

    private readonly ChatFixture _chat = new();

    private static List<(ReviewVerb, string)> FeedbackButtons(string slot) =>
        [(ReviewVerb.FeedbackApprove, slot), (ReviewVerb.FeedbackMinorIssue, slot), (ReviewVerb.FeedbackMajorIssue, slot)];

    [Fact]
    public void Reviewer_SeesExactlyApproveMinorAndMajorIssueForTheirSlot()
    {
        _chat.Register();
        _chat.RequestFeedback();

        var view = _chat.StatusAs(Ops);

        Assert.Equal(
            [
                new ViewAction(ReviewVerb.FeedbackApprove, "feedback.approve", ItOps, "Approve", false),
                new ViewAction(ReviewVerb.FeedbackMinorIssue, "feedback.minor-issue", ItOps, "Minor issue", true),
                new ViewAction(ReviewVerb.FeedbackMajorIssue, "feedback.major-issue", ItOps, "Major issue", true),
            ],
            view.Actions);
    }

    [Fact]
    public void Reviewer_OfAnotherSlot_SeesOnlyTheirOwnSlotButtons()
    {
        _chat.Register();
        _chat.RequestFeedback();

        Assert.Equal(FeedbackButtons(Business), Buttons(_chat.StatusAs(Biz)));
    }

    [Fact]
    public void Reviewer_WhoseSlotWasNotRequested_SeesNoButtons()
    {
        _chat.Register();
        _chat.RequestFeedback(categories: "Business");

        Assert.Empty(_chat.StatusAs(Ops).Actions);
        Assert.Equal(FeedbackButtons(Business), Buttons(_chat.StatusAs(Biz)));
    }

    [Fact]
    public void Reviewer_KeepsTheButtonsAfterAnsweringSoTheyMayChangeTheirAnswer()
    {
        _chat.Register();
        _chat.RequestFeedback();
        Card(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps));

        Assert.Equal(FeedbackButtons(ItOps), Buttons(_chat.StatusAs(Ops)));
    }

    [Theory]
    [InlineData(Ben)]
    [InlineData(Chen)]
    public void GroupMember_SeesTheGroupSlotButtons(string member)
    {
        // The final approver is someone else here, so the group members hold only the Risk & Compliance slot.
        var chat = new ChatFixture(Build(finalApprover: new Assignee(OnCall)));
        chat.Register();
        chat.RequestFeedback();

        Assert.Equal(FeedbackButtons(RiskCompliance), Buttons(chat.StatusAs(member)));
    }

    [Fact]
    public void GroupMember_WhoIsAlsoTheFinalApprover_SeesBothOnceFeedbackIsRequested()
    {
        // SPEC section 2: a final decision is accepted once feedback has been requested, and one person may hold both.
        _chat.Register();
        _chat.RequestFeedback();

        Assert.Equal([.. FeedbackButtons(RiskCompliance), .. FinalButtons], Buttons(_chat.StatusAs(Chen)));
    }

    [Theory]
    [InlineData(Eve)]
    [InlineData(Dev)]
    [InlineData(OnCall)]
    public void NonAssignee_SeesNoButtons(string viewer)
    {
        _chat.Register();
        _chat.RequestFeedback();

        Assert.Empty(_chat.StatusAs(viewer).Actions);
    }

    [Fact]
    public void FinalApprover_AfterRequestFinal_SeesApproveRejectAbandon()
    {
        _chat.Register();
        _chat.RequestFinal();

        var view = _chat.StatusAs(Ben);

        Assert.Equal(
            [
                new ViewAction(ReviewVerb.FinalApprove, "final.approve", "final", "Approve", false),
                new ViewAction(ReviewVerb.FinalReject, "final.reject", "final", "Reject", true),
                new ViewAction(ReviewVerb.FinalAbandon, "final.abandon", "final", "Abandon", true),
            ],
            view.Actions);
    }

    [Fact]
    public void FinalApprover_AfterFeedbackAndRequestFinal_SeesTheirFeedbackSlotAndTheFinalButtons()
    {
        _chat.Register();
        _chat.RequestFeedback();
        _chat.RequestFinal();

        Assert.Equal([.. FeedbackButtons(RiskCompliance), .. FinalButtons], Buttons(_chat.StatusAs(Ben)));
        Assert.Equal(FeedbackButtons(ItOps), Buttons(_chat.StatusAs(Ops)));
    }

    [Fact]
    public void ItemOwner_InTheFinalApproverGroup_SeesOnlyRejectAndAbandon()
    {
        // Ana owns the project and the item and is a member of model-risk, the final approver group.
        _chat.Register(owner: Ana);
        _chat.RequestFinal(owner: Ana);

        var view = _chat.StatusAs(Ana);

        Assert.Equal([(ReviewVerb.FinalReject, "final"), (ReviewVerb.FinalAbandon, "final")], Buttons(view));
        Assert.All(view.Actions, a => Assert.True(a.NeedsComment));
        Assert.Equal(FinalButtons, Buttons(_chat.StatusAs(Chen)));
    }

    [Fact]
    public void ChannelView_WithoutViewer_HasNoButtons()
    {
        _chat.Register();
        _chat.RequestFeedback();
        _chat.RequestFinal();

        var channel = SignOffViews.For(_chat.Item, _chat.Governance, null);

        Assert.Empty(channel.Actions);
        Assert.Equal("final-approval-requested", channel.State);
        Assert.NotEmpty(SignOffViews.For(_chat.Item, _chat.Governance, Ben).Actions);
    }

    [Theory]
    [InlineData(Ops)]
    [InlineData(Ben)]
    [InlineData(Biz)]
    [InlineData(Ana)]
    public void NotStarted_ShowsNoButtons(string viewer)
    {
        _chat.Register();

        Assert.Empty(_chat.StatusAs(viewer).Actions);
    }

    [Theory]
    [InlineData(ReviewVerb.FinalApprove, null, "approved")]
    [InlineData(ReviewVerb.FinalReject, "Recall dropped below the agreed floor.", "rejected")]
    [InlineData(ReviewVerb.FinalAbandon, "Superseded by version 8.", "abandoned")]
    public void EndedSignOff_ShowsNoButtonsToAnyone(ReviewVerb decision, string? comment, string state)
    {
        _chat.Register();
        _chat.RequestFeedback();
        _chat.RequestFinal();
        Assert.Equal(state, Card(_chat.Press(Ben, decision, ItemText, "final", comment)).View.State);

        foreach (var viewer in new[] { Ops, Ben, Chen, Biz, Ana, Dev })
        {
            var view = _chat.StatusAs(viewer);
            Assert.Equal(state, view.State);
            Assert.Empty(view.Actions);
        }
    }

    [Fact]
    public void Card_AfterAnAnswer_RefreshesForThePresserButStatusGivesEachViewerTheirOwnButtons()
    {
        _chat.Register();
        _chat.RequestFeedback();

        var pressed = Card(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps));

        Assert.Equal(FeedbackButtons(ItOps), Buttons(pressed.View));
        Assert.Equal(FeedbackButtons(Business), Buttons(SignOffViews.For(_chat.Item, _chat.Governance, Biz)));
        Assert.Equal(pressed.View.Feedback[0].Answers, SignOffViews.For(_chat.Item, _chat.Governance, null).Feedback[0].Answers);
    }

    [Fact]
    public void TestGovernance_PutsAnaInTheFinalApproverGroup()
    {
        // Guards the premise of the segregation-of-duties test above.
        Assert.Contains(Ana, TestGovernance.Model.FindGroup(ModelRiskGroup)!.Members);
        Assert.True(TestGovernance.Model.FindProject(ProjectKey)!.FinalApprover.IsGroup);
    }
}
