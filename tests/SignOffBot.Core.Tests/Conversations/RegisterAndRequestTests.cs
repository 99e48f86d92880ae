using SignOffBot.Core.Conversations;
using SignOffBot.Core.Items;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Conversations.ChatFixture;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>register, request-feedback, request-final and status, typed in chat, answer with the sign-off card.</summary>
public sealed class RegisterAndRequestTests
{
    private readonly ChatFixture _chat = new();

    [Fact]
    public void Register_AnswersWithTheCardOfTheNewItem()
    {
        var card = Card(_chat.Say(Dev, $"register fraud-detection churn-xgb@7 --kind model --risk high {FullEvidenceOptions}"));

        Assert.Equal("Registered fraud-detection/churn-xgb@7.", card.Summary);
        var view = card.View;
        Assert.Equal(
            (ItemText, ProjectKey, "Fraud detection", "model", "high", DevName, "not-started"),
            (view.Item, view.Project, view.ProjectName, view.Kind, view.Risk, view.Owner, view.State));
        Assert.Equal(
            [
                new EvidenceLink("Model card", ModelCardUrl, ModelCardUrl),
                new EvidenceLink("Validation report", ReportUrl, ReportUrl),
                new EvidenceLink("Rollback plan", RollbackUrl, RollbackUrl),
                new EvidenceLink("Change ticket", Ticket, null),
            ],
            view.Evidence);
        Assert.Equal(
            [(ItOps, ItOps, OpsName), (RiskCompliance, RiskCompliance, "group model-risk"), (Business, Business, BizName)],
            view.Feedback.Select(s => (s.Slot, s.Title, s.Holder)).ToList());
        Assert.All(view.Feedback, s => Assert.False(s.Requested));
        Assert.All(view.Feedback, s => Assert.Empty(s.Answers));
        Assert.Equal(("final", "Final approval", "group model-risk", false), (view.Final.Slot, view.Final.Title, view.Final.Holder, view.Final.Requested));
        Assert.Empty(view.Final.Answers);
        Assert.Empty(view.Delegations);
        Assert.Empty(view.Actions);

        var item = _chat.Item;
        Assert.Equal((Dev, SignOffState.NotStarted), (item.Owner, item.SignOff.State));
        var e = Assert.Single(_chat.Store.Of(Key));
        Assert.Equal(("item-registered", Dev, "model, high risk"), (e.Action, e.Actor, e.Comment));
    }

    [Fact]
    public void Register_WithoutEvidence_ShowsNoEvidenceAndDefaultsToAMediumRiskModel()
    {
        var card = Card(_chat.Say(Ana, "register fraud-detection churn-xgb@7"));

        Assert.Equal(("model", "medium", AnaName), (card.View.Kind, card.View.Risk, card.View.Owner));
        Assert.Empty(card.View.Evidence);
    }

    [Fact]
    public void Register_OnlyATicket_IsLabelledAndHasNoUrl()
    {
        var card = Card(_chat.Say(Dev, "register fraud-detection churn-xgb@7 --kind bundle --risk low --ticket CHG-7"));

        Assert.Equal("bundle", card.View.Kind);
        Assert.Equal(new EvidenceLink("Change ticket", "CHG-7", null), Assert.Single(card.View.Evidence));
    }

    [Fact]
    public void Register_ByAPersonOutsideTheProject_IsAPrivateRefusalAndNothingIsStored()
    {
        var body = Private(_chat.Say(Eve, "register fraud-detection churn-xgb@7"));

        Assert.Equal("eve@example.com is not an owner or member of project fraud-detection, so cannot register its items.", body);
        Assert.Null(_chat.Store.FindItem(Key));
        Assert.Equal(0, _chat.AuditCount);
    }

    [Fact]
    public void Register_WithAModelCardThatIsNotALink_IsRefused()
    {
        var body = Private(_chat.Say(Dev, "register fraud-detection churn-xgb@7 --model-card wiki/churn"));

        Assert.Equal("The model card must be an absolute http(s) link; 'wiki/churn' is not.", body);
        Assert.Equal(0, _chat.AuditCount);
    }

    [Fact]
    public void Register_TheSameVersionTwice_IsRefusedAndTheFirstIsKept()
    {
        _chat.Register();

        var body = Private(_chat.Say(Ana, "register fraud-detection churn-xgb@7 --risk high"));

        Assert.Equal("fraud-detection/churn-xgb@7 is already registered. A new version is a new item: register fraud-detection/churn-xgb@<next version>.", body);
        Assert.Equal(Dev, _chat.Item.Owner);
        Assert.Equal(1, _chat.AuditCount);
    }

    [Fact]
    public void Register_InAnUnknownProject_IsRefused()
    {
        var body = Private(_chat.Say(Dev, "register fraud churn-xgb@7"));

        Assert.Equal("There is no governed project 'fraud'.", body);
        Assert.Equal(0, _chat.AuditCount);
    }

    [Fact]
    public void RequestFeedback_AnswersWithTheCardEveryCategoryRequested()
    {
        _chat.Register();

        var card = Card(_chat.Say(Dev, $"request-feedback {ItemText}"));

        Assert.Equal("Feedback requested on fraud-detection/churn-xgb@7.", card.Summary);
        Assert.Equal("feedback-requested", card.View.State);
        Assert.All(card.View.Feedback, s => Assert.True(s.Requested));
        Assert.False(card.View.Final.Requested);
        Assert.Equal(SignOffState.FeedbackRequested, _chat.Item.SignOff.State);
        var e = _chat.Store.Of(Key)[^1];
        Assert.Equal(("feedback-requested", Dev, "IT & Operations, Risk & Compliance, Business"), (e.Action, e.Actor, e.Slot));
    }

    [Fact]
    public void RequestFeedback_OnNamedCategories_RequestsOnlyThose()
    {
        _chat.Register();

        var card = Card(_chat.Say(Ana, $"request-feedback {ItemText} \"IT & Operations\" business"));

        Assert.Equal(
            [(ItOps, true), (RiskCompliance, false), (Business, true)],
            card.View.Feedback.Select(s => (s.Slot, s.Requested)).ToList());
    }

    [Fact]
    public void RequestFeedback_Twice_SaysSoOnTheCardAndAppendsNothing()
    {
        _chat.Register();
        _chat.RequestFeedback();
        var audit = _chat.AuditCount;

        var card = Card(_chat.Say(Dev, $"request-feedback {ItemText}"));

        Assert.Equal("Feedback was already requested on IT & Operations, Risk & Compliance, Business.", card.Summary);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void RequestFeedback_ByAReviewer_IsAPrivateRefusal()
    {
        _chat.Register();

        var body = Private(_chat.Say(Ops, $"request-feedback {ItemText}"));

        Assert.Equal("Only the item owner (dev@example.com) or a project owner can request feedback.", body);
        Assert.Equal(SignOffState.NotStarted, _chat.Item.SignOff.State);
        Assert.Equal(1, _chat.AuditCount);
    }

    [Fact]
    public void RequestFeedback_OnAnUnknownCategory_NamesTheCategories()
    {
        _chat.Register();

        var body = Private(_chat.Say(Dev, $"request-feedback {ItemText} Legal"));

        Assert.Equal("Project fraud-detection has no feedback category 'Legal'. Categories: \"IT & Operations\", \"Risk & Compliance\", \"Business\".", body);
        Assert.Equal(1, _chat.AuditCount);
    }

    [Fact]
    public void RequestFinal_AnswersWithTheCardTheFinalSlotRequested()
    {
        _chat.Register();

        var card = Card(_chat.Say(Dev, $"request-final {ItemText}"));

        Assert.Equal("Final approval requested on fraud-detection/churn-xgb@7.", card.Summary);
        Assert.Equal("final-approval-requested", card.View.State);
        Assert.True(card.View.Final.Requested);
        Assert.All(card.View.Feedback, s => Assert.False(s.Requested));
        Assert.Equal("final-approval-requested", _chat.Store.Of(Key)[^1].Action);
    }

    [Fact]
    public void RequestFinal_OnAnUnknownItem_IsAPrivateRefusal()
    {
        var body = Private(_chat.Say(Dev, "request-final fraud-detection/churn-xgb@99"));

        Assert.Equal("There is no item fraud-detection/churn-xgb@99. Items are keyed <project>/<name>@<version>, e.g. fraud-detection/churn-xgb@7.", body);
        Assert.Equal(0, _chat.AuditCount);
    }

    [Fact]
    public void Status_ShowsTheCardWithEveryAnswerSoFarAndRecordsNothing()
    {
        _chat.Register();
        _chat.RequestFeedback();
        Card(_chat.Press(Ops, ReviewVerb.FeedbackApprove, ItemText, ItOps));
        Card(_chat.Press(Biz, ReviewVerb.FeedbackMinorIssue, ItemText, Business, "Explain the uplift in the summary."));
        var audit = _chat.AuditCount;

        var card = Card(_chat.Say(Eve, $"status {ItemText}"));

        Assert.Equal("fraud-detection/churn-xgb@7 is feedback-requested.", card.Summary);
        var answers = card.View.Feedback.SelectMany(s => s.Answers.Select(a => (s.Slot, a.ByName, a.Answer, a.Comment))).ToList();
        Assert.Equal(
            [(ItOps, OpsName, "approve", (string?)null), (Business, BizName, "minor-issue", "Explain the uplift in the summary.")],
            answers);
        Assert.Equal(audit, _chat.AuditCount);
    }

    [Fact]
    public void Status_OfAnUnknownItem_IsAPrivateAnswer()
    {
        var body = Private(_chat.Say(Eve, $"status {ItemText}"));

        Assert.StartsWith("There is no item fraud-detection/churn-xgb@7.", body, StringComparison.Ordinal);
    }
}
