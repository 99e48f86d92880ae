using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Items;
using SignOffBot.Host.AdaptiveCards;
using static SignOffBot.Host.Tests.AdaptiveCards.CardScenarios;

namespace SignOffBot.Host.Tests.AdaptiveCards;

/// <summary>SignOffCard: what the sign-off card says, its buttons, its refresh, and its size budget.</summary>
public sealed class SignOffCardTests
{
    [Fact]
    public void Card_IsVersion15_FullWidth_TitledWithTheItem_AndStatesProjectKindRiskAndState()
    {
        var card = SignOffCard.Build(View(FeedbackRequested(), null), []);
        var text = Texts(card);

        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.Equal("Full", (string?)card["msteams"]!["width"]);
        Assert.Equal("Sign-off: fraud-detection/churn-xgb@7", (string?)card["body"]![0]!["text"]);
        Assert.Equal(
            [("Project", "Fraud detection (fraud-detection)"), ("Kind", "model"), ("Risk", "high"), ("Owner", "Dev Patel"), ("State", "feedback-requested"), ("Change ticket", "CHG-1042")],
            Nodes(card).Where(n => n["title"] is not null && n["value"] is not null).Select(n => ((string)n["title"]!, (string)n["value"]!)));
        Assert.Contains("IT & Operations", text);
        Assert.Contains("Olga Sørensen · requested", text);
        Assert.Contains("group model-risk · requested", text);
        Assert.Contains("Final approval", text);
    }

    [Fact]
    public void EvidenceLinks_AreOpenUrlButtons_AndTheTicketIsPlainText()
    {
        var card = SignOffCard.Build(View(Registered(), null), []);

        Assert.Equal(
            [("Model card", FullEvidence.ModelCard), ("Validation report", FullEvidence.ValidationReport), ("Rollback plan", FullEvidence.RollbackPlan)],
            Nodes(card).Where(n => (string?)n["type"] == "Action.OpenUrl").Select(n => ((string)n["title"]!, (string?)n["url"])));
        Assert.DoesNotContain(Nodes(card), n => ((string?)n["url"])?.Contains("CHG-1042", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void EveryAnswer_ShowsWhoByName_TheAnswerWord_TheComment_AndTheTimeInTheReadersZone()
    {
        var card = SignOffCard.Build(View(Reviewed(), null), []);
        var text = Texts(card);

        Assert.Contains("Olga Sørensen", text);
        Assert.Contains("minor-issue", text);
        Assert.Contains("Alerting on drift is missing from the runbook.", text);
        Assert.Contains("{{DATE(2026-03-02T09:30:00Z, SHORT)}} {{TIME(2026-03-02T09:30:00Z)}}", text);
        Assert.Contains("Runbook updated, thanks.", text);
        Assert.Contains("{{DATE(2026-03-02T10:35:00Z, SHORT)}} {{TIME(2026-03-02T10:35:00Z)}}", text);
        Assert.Contains("Ben Okafor", text);
        Assert.Contains("major-issue", text);
        Assert.Contains("Bea Martins", text);
        Assert.Equal(5, Nodes(card).Count(n => (string?)n["type"] == "ColumnSet"));
    }

    [Fact]
    public void LongComments_AreCutTo500Characters()
    {
        var card = SignOffCard.Build(View(Reviewed(), null), []);

        // As the reader sees it: the card carries the comment with its Markdown made inert.
        var cut = Assert.Single(Texts(card).Select(TeamsMarkdown.Shown), t => t.StartsWith("The fairness report", StringComparison.Ordinal));
        Assert.InRange(cut.Length, SignOffCard.CommentChars - 5, SignOffCard.CommentChars);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.StartsWith(cut[..^1], LongComment, StringComparison.Ordinal);
    }

    [Fact]
    public void FinalDecision_AndDelegations_AreShown()
    {
        var rejected = SignOffCard.Build(View(Decided(FinalDecisionKind.Reject, "Recall dropped below the agreed floor."), null), []);
        var delegated = SignOffCard.Build(View(Delegated(), null), []);

        Assert.Contains("Recall dropped below the agreed floor.", Texts(rejected));
        Assert.Contains("reject", Texts(rejected));
        Assert.Contains("Business: delegated to Lee Min-jun by Ana Ortiz", Texts(delegated));
        Assert.Contains("Final approval: delegated to Omar Haddad by Ana Ortiz", Texts(delegated));
        Assert.Contains("Lee Min-jun (delegated) · requested", Texts(delegated));
    }

    [Fact]
    public void Reviewer_GetsOneCommentBox_AndTheViewsButtons_InOrder_WithVerbAndData()
    {
        var view = View(FeedbackRequested(), Ops);

        var card = SignOffCard.Build(view, OneReviewer);

        var input = Assert.Single(Nodes(card), n => (string?)n["type"] == "Input.Text");
        Assert.Equal("comment-it-operations", (string?)input["id"]);
        Assert.Equal("Comment on IT & Operations (required for Minor issue and Major issue)", (string?)input["label"]);
        Assert.True((bool?)input["isMultiline"]);
        Assert.Null(input["isRequired"]);
        var buttons = Executes(card);
        Assert.Equal(view.Actions.Select(a => (a.Title, a.VerbName)), buttons.Select(b => ((string)b["title"]!, (string)b["verb"]!)));
        Assert.Equal(["Approve", "Minor issue", "Major issue"], buttons.Select(b => (string)b["title"]!));
        Assert.All(buttons, b => Assert.Equal(
            """{"item":"fraud-detection/churn-xgb@7","slot":"IT & Operations","commentInput":"comment-it-operations"}""",
            b["data"]!.ToJsonString(CardJsonTestOptions.Relaxed)));
    }

    [Fact]
    public void GroupMemberWhoIsAlsoFinalApprover_GetsABoxAndButtonsPerSlot_WithUniqueIds()
    {
        var view = View(FeedbackRequested(), Ben);

        var card = SignOffCard.Build(view, OneReviewer);

        var inputs = Nodes(card).Where(n => (string?)n["type"] == "Input.Text").ToList();
        Assert.Equal(["comment-risk-compliance", "comment-final"], inputs.Select(i => (string)i["id"]!));
        Assert.Equal("Comment on Final approval (required for Reject and Abandon)", (string?)inputs[1]["label"]);
        Assert.Equal(view.Actions.Select(a => (a.Title, a.VerbName, a.Slot)), Executes(card).Select(b => ((string)b["title"]!, (string)b["verb"]!, (string)b["data"]!["slot"]!)));
        Assert.Equal(["final.approve", "final.reject", "final.abandon"], Executes(card).Where(b => (string?)b["data"]!["commentInput"] == "comment-final").Select(b => (string)b["verb"]!));
        Assert.All(Nodes(card).Where(n => (string?)n["type"] == "ActionSet"), s => Assert.True(s["actions"]!.AsArray().Count <= 6));
    }

    [Fact]
    public void OwnerInTheApproverGroup_GetsRejectAndAbandonButNoApprove()
    {
        var card = SignOffCard.Build(View(FinalRequested(owner: Ana), Ana), OneReviewer);

        Assert.Equal(["final.reject", "final.abandon"], Executes(card).Where(b => (string?)b["data"]!["slot"] == "final").Select(b => (string)b["verb"]!));
    }

    [Fact]
    public void ChannelView_HasNoInputsAndNoButtons()
    {
        var card = SignOffCard.Build(View(FeedbackRequested(), null), []);

        Assert.DoesNotContain(Nodes(card), n => (string?)n["type"] is "Input.Text" or "Action.Execute");
    }

    [Fact]
    public void Refresh_CarriesTheItem_AndAtMost60UserIds_TheFirstOnes()
    {
        var ids = UserIds(75);

        var card = SignOffCard.Build(View(FeedbackRequested(), Ops), ids);

        var refresh = card["refresh"]!.AsObject();
        Assert.Equal("Action.Execute", (string?)refresh["action"]!["type"]);
        Assert.Equal("refresh", (string?)refresh["action"]!["verb"]);
        Assert.Equal("fraud-detection/churn-xgb@7", (string?)refresh["action"]!["data"]!["item"]);
        Assert.Equal(ids.Take(60), refresh["userIds"]!.AsArray().Select(i => (string)i!));
    }

    [Fact]
    public void Refresh_IsOmitted_WhenThereIsNoUserId()
    {
        var card = SignOffCard.Build(View(FeedbackRequested(), Ops), []);

        Assert.False(card.ContainsKey("refresh"));
    }

    [Fact]
    public void HugeHistory_StaysWithinTheBudget_ShowingEachPersonsLatestAnswer()
    {
        var view = View(ManyAnswers(), Ben);

        var card = SignOffCard.Build(view, UserIds(75));

        Assert.InRange(CardJson.Utf8Bytes(card), 1, SignOffCard.MaxBytes);
        Assert.Contains(Texts(card), t => t.Contains("earlier answers: see status fraud-detection/churn-xgb@7", StringComparison.Ordinal));
        Assert.Contains(Texts(card), t => t.StartsWith("Round 39: ", StringComparison.Ordinal));
        Assert.DoesNotContain(Texts(card), t => t.StartsWith("Round 38: ", StringComparison.Ordinal));
        Assert.Equal(view.Actions.Select(a => a.VerbName), Executes(card).Select(b => (string)b["verb"]!));
    }

    [Fact]
    public void AbsurdView_StillFitsTheBudget_AndKeepsItsButtons()
    {
        var answers = Enumerable.Range(0, 400)
            .Select(i => new AnswerView($"p{i}@example.com", $"Person {i} {new string('x', 60)}", "minor-issue", new string('c', 5000), T0.AddMinutes(i)))
            .ToList();
        var slots = Enumerable.Range(0, 6).Select(i => new SlotView($"Category {i}", $"Category {i}", "group big", true, answers)).ToList();
        var actions = slots.Select(s => new ViewAction(ReviewVerb.FeedbackMinorIssue, "feedback.minor-issue", s.Slot, "Minor issue", true)).ToList();
        var view = new SignOffView(
            "fraud-detection/huge@1", "fraud-detection", "Fraud detection", "model", "high", "Dev Patel", "feedback-requested", [], slots,
            new SlotView("final", "Final approval", "group model-risk", false, []), Enumerable.Range(0, 200).Select(i => $"Category 1: delegated to P{i} by Ana").ToList(), actions);

        var card = SignOffCard.Build(view, UserIds(200));

        Assert.InRange(CardJson.Utf8Bytes(card), 1, SignOffCard.MaxBytes);
        Assert.Equal(6, Executes(card).Count);
        Assert.Equal(6, Nodes(card).Count(n => (string?)n["type"] == "Input.Text"));
    }

    private static List<JsonObject> Executes(JsonObject card) =>
        Nodes(card["body"]).Where(n => (string?)n["type"] == "Action.Execute").ToList();

    private static List<string> Texts(JsonObject card) =>
        Nodes(card).Where(n => (string?)n["type"] == "TextBlock").Select(n => (string)n["text"]!).ToList();

    /// <summary>Every JSON object in the tree, depth first.</summary>
    private static IEnumerable<JsonObject> Nodes(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Nodes(p.Value))),
        JsonArray a => a.SelectMany(Nodes),
        _ => [],
    };
}
