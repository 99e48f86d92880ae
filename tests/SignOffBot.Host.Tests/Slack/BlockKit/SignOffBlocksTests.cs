using SignOffBot.Host.Slack.Payloads;
using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Items;
using SignOffBot.Host.Slack.BlockKit;
using static SignOffBot.Host.Tests.AdaptiveCards.CardScenarios;

namespace SignOffBot.Host.Tests.Slack.BlockKit;

/// <summary>SignOffBlocks: what the Slack sign-off message says, its buttons, and Block Kit's limits.</summary>
public sealed class SignOffBlocksTests
{
    [Fact]
    public void Message_HasAFallbackText_AHeaderWithTheItem_AndTheFacts()
    {
        var message = SignOffBlocks.Message(View(FeedbackRequested(), null)).ToJson();
        var blocks = Blocks(message);

        Assert.Equal("Sign-off fraud-detection/churn-xgb@7 (model, risk high, owner Dev Patel): feedback-requested.", (string?)message["text"]);
        Assert.Equal("header", (string?)blocks[0]["type"]);
        Assert.Equal("plain_text", (string?)blocks[0]["text"]!["type"]);
        Assert.Equal("Sign-off: fraud-detection/churn-xgb@7", (string?)blocks[0]["text"]!["text"]);
        Assert.Equal(
            ["*Project*\nFraud detection (fraud-detection)", "*Kind*\nmodel", "*Risk*\nhigh", "*Owner*\nDev Patel", "*State*\nfeedback-requested", "*Change ticket*\nCHG-1042"],
            blocks[1]["fields"]!.AsArray().Select(f => (string)f!["text"]!));
        Assert.All(blocks[1]["fields"]!.AsArray(), f => Assert.Equal("mrkdwn", (string?)f!["type"]));
    }

    [Fact]
    public void EvidenceLinks_AreMrkdwnLinks_AndTheTicketIsText()
    {
        var evidence = Text(Blocks(SignOffBlocks.Message(View(Registered(), null)).ToJson())[2]);

        Assert.Equal(
            "*Evidence links:* <https://docs.example.com/churn-xgb/7/model-card|Model card> · <https://docs.example.com/churn-xgb/7/validation?tab=fairness&amp;lang=en|Validation report> · <https://docs.example.com/churn-xgb/7/rollback|Rollback plan>",
            evidence);
        Assert.DoesNotContain("CHG-1042", evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_WithoutLinks_SaysNone()
    {
        var message = SignOffBlocks.Message(View(Registered(evidence: Core.Items.Evidence.None, name: "bare"), null)).ToJson();

        Assert.Equal("*Evidence links:* none", Text(Blocks(message)[2]));
        Assert.DoesNotContain(Blocks(message)[1]["fields"]!.AsArray(), f => ((string)f!["text"]!).Contains("ticket", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void EverySlot_IsASection_WithItsHolder_AndEveryAnswer_WhoWhatCommentAndADateTokenWithAUtcFallback()
    {
        var blocks = Blocks(SignOffBlocks.Message(View(Reviewed(), null)).ToJson());
        var slots = blocks.Where(b => ((string?)b["block_id"])!.StartsWith("signoff.slot-", StringComparison.Ordinal)).ToList();

        Assert.Equal(4, slots.Count);
        var itOps = Text(slots[0]);
        Assert.StartsWith("*IT &amp; Operations* · Olga Sørensen · requested", itOps, StringComparison.Ordinal);
        Assert.Contains(":warning: *Olga Sørensen* minor-issue · <!date^1772443800^{date_short_pretty} {time}|2026-03-02 09:30 UTC>\n> Alerting on drift is missing from the runbook.", itOps, StringComparison.Ordinal);
        Assert.Contains(":white_check_mark: *Olga Sørensen* approve · <!date^1772447700^{date_short_pretty} {time}|2026-03-02 10:35 UTC>\n> Runbook updated, thanks.", itOps, StringComparison.Ordinal);
        Assert.StartsWith("*Risk &amp; Compliance* · group model-risk · requested", Text(slots[1]), StringComparison.Ordinal);
        Assert.Contains(":red_circle: *Ben Okafor* major-issue · <!date^1772444400^{date_short_pretty} {time}|2026-03-02 09:40 UTC>", Text(slots[1]), StringComparison.Ordinal);
        Assert.StartsWith("*Final approval* · group model-risk · not requested\n_No answer yet._", Text(slots[3]), StringComparison.Ordinal);
        Assert.All(slots, s => Assert.True((bool?)s["text"]!["verbatim"]));
    }

    [Fact]
    public void LongComments_AreCutTo500Characters()
    {
        var riskCompliance = Text(Blocks(SignOffBlocks.Message(View(Reviewed(), null)).ToJson()).Single(b => (string?)b["block_id"] is { } id && id.StartsWith("signoff.slot-1.", StringComparison.Ordinal)));

        var quoted = riskCompliance.Split('\n').Single(l => l.StartsWith("> The fairness report", StringComparison.Ordinal))[2..];
        Assert.InRange(quoted.Length, SignOffBlocks.CommentChars - 10, SignOffBlocks.CommentChars);
        Assert.EndsWith("…", quoted, StringComparison.Ordinal);
    }

    [Fact]
    public void FinalDecision_AndDelegations_AreShown()
    {
        var rejected = Blocks(SignOffBlocks.Message(View(Decided(FinalDecisionKind.Reject, "Recall dropped below the agreed floor."), null)).ToJson());
        var delegated = Blocks(SignOffBlocks.Message(View(Delegated(), null)).ToJson());

        Assert.Contains(rejected, b => Text(b).Contains(":no_entry: *Chen Wei (陈伟)* reject · <!date^1772470800^{date_short_pretty} {time}|2026-03-02 17:00 UTC>\n> Recall dropped below the agreed floor.", StringComparison.Ordinal));
        var delegations = delegated.Single(b => ((string?)b["block_id"])!.StartsWith("signoff.delegations.", StringComparison.Ordinal));
        Assert.Equal("context", (string?)delegations["type"]);
        Assert.Equal(
            "*Delegations*\nBusiness: delegated to Lee Min-jun by Ana Ortiz\nFinal approval: delegated to Omar Haddad by Ana Ortiz",
            (string?)delegations["elements"]![0]!["text"]);
    }

    [Theory]
    [InlineData(Ops)]
    [InlineData(Ben)]
    [InlineData(Biz)]
    public void Buttons_AreTheViewsActions_EachApproveFollowedByApproveWithComment_WithTheVerbAsActionId_AndItemAndSlotAsValue(string viewer)
    {
        var view = View(FeedbackRequested(), viewer);
        Assert.NotEmpty(view.Actions);

        var buttons = Buttons(SignOffBlocks.Message(view).ToJson());

        Assert.Equal(Expected(view.Actions).Select(a => (a.Title, a.ActionId)), buttons.Select(b => ((string)b["text"]!["text"]!, (string)b["action_id"]!)));
        Assert.Equal(Expected(view.Actions).Select(a => (view.Item, a.Slot)), buttons.Select(b =>
        {
            Assert.True(SlackPresses.TryReadReviewValue((string?)b["value"], out var item, out var slot));
            return (item, slot);
        }));
        Assert.All(buttons, b => Assert.Equal(["item", "slot"], JsonNode.Parse((string)b["value"]!)!.AsObject().Select(p => p.Key)));
    }

    [Fact]
    public void FinalApprover_GetsApproveRejectAbandon_AndTheOwnerInTheApproverGroup_NoApprove()
    {
        // Chen and Ana are also in group model-risk, which holds Risk & Compliance: those buttons come first.
        var approver = Final(Buttons(SignOffBlocks.Message(View(FinalRequested(), Chen)).ToJson()));
        var owner = Final(Buttons(SignOffBlocks.Message(View(FinalRequested(owner: Ana), Ana)).ToJson()));

        Assert.Equal(["final.approve", "final.approve-comment", "final.reject", "final.abandon"], approver.Select(b => (string)b["action_id"]!));
        Assert.Equal(["primary", null, "danger", null], approver.Select(b => (string?)b["style"]));
        Assert.Equal(["final.reject", "final.abandon"], owner.Select(b => (string)b["action_id"]!));
        Assert.All(approver.Concat(owner), b => Assert.Equal("""{"item":"fraud-detection/churn-xgb@7","slot":"final"}""", (string?)b["value"]));
    }

    [Fact]
    public void FeedbackButtons_ApproveIsPrimary_MajorIssueIsDanger_InALabelledActionsBlock()
    {
        var message = SignOffBlocks.Message(View(FeedbackRequested(), Ops)).ToJson();
        var blocks = Blocks(message);
        var actions = blocks.Where(b => (string?)b["type"] == "actions").ToList();

        var single = Assert.Single(actions);
        Assert.Equal([("Approve", "primary"), ("Approve with comment", null), ("Minor issue", null), ("Major issue", "danger")], single["elements"]!.AsArray().Select(b => ((string)b!["text"]!["text"]!, (string?)b["style"])));
        var label = blocks[blocks.IndexOf(single) - 1];
        Assert.Equal("context", (string?)label["type"]);
        Assert.Equal("Your answer for *IT &amp; Operations* · Minor issue and Major issue ask for a comment", (string?)label["elements"]![0]!["text"]);
        Assert.Equal("Approve: IT & Operations", (string?)single["elements"]![0]!["accessibility_label"]);
        Assert.Equal("divider", (string?)blocks[blocks.IndexOf(label) - 1]["type"]);
        Assert.EndsWith("Your answer is requested for IT &amp; Operations.", (string?)message["text"], StringComparison.Ordinal);
    }

    [Fact]
    public void AReviewerWhoAlsoDecides_GetsOneLabelledActionsBlockPerSlot()
    {
        // Ben answers Risk & Compliance and, as a member of group model-risk, may decide once feedback was requested.
        var blocks = Blocks(SignOffBlocks.Message(View(FeedbackRequested(), Ben)).ToJson());
        var actions = blocks.Where(b => (string?)b["type"] == "actions").ToList();

        Assert.Equal(2, actions.Count);
        Assert.Equal(
            ["Your answer for *Risk &amp; Compliance* · Minor issue and Major issue ask for a comment", "Your answer for *Final approval* · Reject and Abandon ask for a comment"],
            actions.Select(a => (string)blocks[blocks.IndexOf(a) - 1]["elements"]![0]!["text"]!));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Dev)]
    public void AViewWithoutActions_HasNoButtons(string? viewer)
    {
        foreach (var item in new[] { FeedbackRequested(), FinalRequested(), Decided(FinalDecisionKind.Approve, "ok") })
        {
            var view = View(item, viewer);
            Assert.Empty(view.Actions);

            var message = SignOffBlocks.Message(view).ToJson();

            Assert.Empty(Buttons(message));
            Assert.DoesNotContain(Blocks(message), b => (string?)b["type"] is "actions" or "divider");
            Assert.DoesNotContain("Your answer", message.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Buttons_AreDrawnFromTheViewPassedIn_EvenInAMessageForAChannel()
    {
        // The integrator decides who sees which view; the renderer never invents or hides buttons.
        var view = View(FeedbackRequested(), Ops) with { Actions = [new ViewAction(ReviewVerb.FeedbackApprove, "feedback.approve", ItOps, "Approve", false)] };

        Assert.Equal(["feedback.approve", "feedback.approve-comment"], Buttons(SignOffBlocks.Message(view).ToJson()).Select(b => (string)b["action_id"]!));
    }

    [Fact]
    public void BlockIds_AreUniqueInAMessage_AndChangeWhenTheContentChanges()
    {
        var before = SignOffBlocks.Message(View(FeedbackRequested(), Ops)).ToJson();
        var same = SignOffBlocks.Message(View(FeedbackRequested(), Ops)).ToJson();
        var after = SignOffBlocks.Message(View(FeedbackRequested().Answer(Ops, ItOps, FeedbackAnswerKind.Approve, null, 5), Ops)).ToJson();

        var ids = Blocks(before).Select(b => (string)b["block_id"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.StartsWith(SlackActionIds.SignOffMessage + ".", id, StringComparison.Ordinal));
        Assert.Equal(ids, Blocks(same).Select(b => (string)b["block_id"]!));
        Assert.Empty(ids.Intersect(Blocks(after).Select(b => (string)b["block_id"]!)));
    }

    [Fact]
    public void UserText_IsEscaped_SoItCannotMentionOrLink()
    {
        var message = SignOffBlocks.Message(View(SlackScenarios.Injected(), null)).ToJson();
        var itOps = Text(Blocks(message).Single(b => ((string?)b["block_id"])!.StartsWith("signoff.slot-0.", StringComparison.Ordinal)));

        Assert.Contains("> &lt;!channel&gt; &amp; &lt;@U0ANA&gt; *not bold* _x_ `code` &lt;https://evil.example|click&gt; &gt; quoted\n> second line\n> \n> fourth", itOps, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", message.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("> Line one\n> Line two &amp;amp; &amp;lt;three&amp;gt;", Text(Blocks(message).Single(b => ((string?)b["block_id"])!.StartsWith("signoff.slot-2.", StringComparison.Ordinal))), StringComparison.Ordinal);
    }

    [Fact]
    public void HundredFiftyAnswers_KeepEachPersonsLatestAnswer_WithAContextNote()
    {
        var message = SignOffBlocks.Message(View(SlackScenarios.HundredFiftyAnswers(), null)).ToJson();
        var blocks = Blocks(message);
        var riskCompliance = blocks.Single(b => ((string?)b["block_id"])!.StartsWith("signoff.slot-1.", StringComparison.Ordinal));
        var note = blocks[blocks.IndexOf(riskCompliance) + 1];

        Assert.True(Text(riskCompliance).Length <= BlockKitLimits.SectionText);
        Assert.Contains("*Ben Okafor* ", Text(riskCompliance), StringComparison.Ordinal);
        Assert.Contains("*Chen Wei (陈伟)* ", Text(riskCompliance), StringComparison.Ordinal);
        Assert.Contains("Answer 148: ", Text(riskCompliance), StringComparison.Ordinal);
        Assert.Contains("Answer 147: ", Text(riskCompliance), StringComparison.Ordinal);
        Assert.DoesNotContain("Answer 144: ", Text(riskCompliance), StringComparison.Ordinal);
        Assert.Equal("context", (string?)note["type"]);
        Assert.StartsWith("signoff.note-1.", (string?)note["block_id"], StringComparison.Ordinal);
        Assert.Equal("_Each person's latest answer is shown. Every answer with its comment: `/signoff audit fraud-detection/churn-xgb@7`_", (string?)note["elements"]![0]!["text"]);
    }

    [Fact]
    public void AHugeView_KeepsEveryLimit_AndStillHasButtons()
    {
        var view = SlackScenarios.Huge();
        var message = SignOffBlocks.Message(view).ToJson();
        var blocks = Blocks(message);

        Assert.InRange(blocks.Count, 1, BlockKitLimits.MessageBlocks);
        Assert.InRange(((string)message["text"]!).Length, 1, BlockKitLimits.MessageText);
        Assert.InRange(((string)blocks[0]["text"]!["text"]!).Length, 1, BlockKitLimits.HeaderText);
        foreach (var block in blocks)
        {
            Assert.InRange(((string)block["block_id"]!).Length, 1, BlockKitLimits.BlockId);
            switch ((string?)block["type"])
            {
                case "section" when block["text"] is { } text:
                    Assert.InRange(((string)text["text"]!).Length, 1, BlockKitLimits.SectionText);
                    break;
                case "section":
                    Assert.InRange(block["fields"]!.AsArray().Count, 1, BlockKitLimits.SectionFields);
                    Assert.All(block["fields"]!.AsArray(), f => Assert.InRange(((string)f!["text"]!).Length, 1, BlockKitLimits.SectionFieldText));
                    break;
                case "context":
                    Assert.InRange(block["elements"]!.AsArray().Count, 1, BlockKitLimits.ContextElements);
                    Assert.All(block["elements"]!.AsArray(), e => Assert.InRange(((string)e!["text"]!).Length, 1, BlockKitLimits.Text));
                    break;
                case "actions":
                    Assert.InRange(block["elements"]!.AsArray().Count, 1, BlockKitLimits.ActionsElements);
                    break;
            }
        }

        var buttons = Buttons(message);
        Assert.NotEmpty(buttons);
        Assert.All(buttons, b => Assert.InRange(((string)b["value"]!).Length, 1, BlockKitLimits.ButtonValue));
        Assert.All(buttons, b => Assert.InRange(((string)b["accessibility_label"]!).Length, 1, BlockKitLimits.AccessibilityLabel));
        Assert.All(buttons, b => Assert.Contains(Expected(view.Actions), a => a.ActionId == (string?)b["action_id"]));
        Assert.Contains(blocks, b => ((string?)b["block_id"])!.StartsWith("signoff.omitted.", StringComparison.Ordinal));
    }

    [Fact]
    public void ThirtyCategories_FitFiftyBlocks_WithLabelledButtons_AndANoteForTheSlotsThatDoNotFit()
    {
        var view = SignOffViews.For(SlackScenarios.WideItem(answered: false), SlackScenarios.Wide, Ops);
        Assert.Equal(90, view.Actions.Count);

        var message = SignOffBlocks.Message(view).ToJson();
        var blocks = Blocks(message);
        var buttons = Buttons(message);

        Assert.InRange(blocks.Count, BlockKitLimits.MessageBlocks - 1, BlockKitLimits.MessageBlocks);
        Assert.Equal(Expected(view.Actions).Take(buttons.Count).Select(a => (a.ActionId, a.Slot)), buttons.Select(b => ((string)b["action_id"]!, (string)JsonNode.Parse((string)b["value"]!)!["slot"]!)));
        Assert.All(blocks.Where(b => (string?)b["type"] == "actions"), a => Assert.StartsWith("Your answer for *", (string?)blocks[blocks.IndexOf(a) - 1]["elements"]![0]!["text"], StringComparison.Ordinal));
        var shown = buttons.Count / 4;
        var note = blocks.Single(b => ((string?)b["block_id"])!.StartsWith("signoff.omitted.", StringComparison.Ordinal));
        Assert.Contains($"{30 - shown} more slots of yours wait for an answer", (string?)note["elements"]![0]!["text"], StringComparison.Ordinal);
        Assert.Contains("*Final approval*", string.Join('\n', blocks.Select(Text)), StringComparison.Ordinal);
    }

    [Fact]
    public void ThirtyCategories_InAChannel_ShowEverySlot()
    {
        var view = SignOffViews.For(SlackScenarios.WideItem(answered: true), SlackScenarios.Wide, null);

        var blocks = Blocks(SignOffBlocks.Message(view).ToJson());

        Assert.InRange(blocks.Count, 1, BlockKitLimits.MessageBlocks);
        var text = string.Join('\n', blocks.Select(Text));
        Assert.All(view.Feedback, s => Assert.Contains($"*{SlackText.Escape(s.Title)}*", text, StringComparison.Ordinal));
        Assert.Contains("*Final approval*", text, StringComparison.Ordinal);
        Assert.DoesNotContain(blocks, b => ((string?)b["block_id"])!.StartsWith("signoff.omitted.", StringComparison.Ordinal));
    }

    [Fact]
    public void ALongKey_IsCutInTheHeader_AndGivenWholeInTheFacts()
    {
        var view = View(SlackScenarios.LongKey(), null);
        var blocks = Blocks(SignOffBlocks.Message(view).ToJson());

        var header = (string)blocks[0]["text"]!["text"]!;
        Assert.Equal(BlockKitLimits.HeaderText, header.Length);
        Assert.EndsWith("…", header, StringComparison.Ordinal);
        Assert.Equal($"*Item*\n{view.Item}", (string?)blocks[1]["fields"]![0]!["text"]);
    }

    [Fact]
    public void OddEvidenceUrls_StayInsideTheirLinks()
    {
        var evidence = Text(Blocks(SignOffBlocks.Message(View(SlackScenarios.OddEvidence(), null)).ToJson())[2]);

        Assert.Equal(
            "*Evidence links:* <https://docs.example.com/card?a=1&amp;b=2%7C3|Model card> · Validation report (link too long to show) · <https://docs.example.com/rollback#&gt;section|Rollback plan>",
            evidence);
    }

    [Fact]
    public void Ephemeral_IsAPrivatePlainTextAnswer()
    {
        var body = SlackMessage.Ephemeral("Usage: /signoff status <project>/<name>@<version> & more").ToJson();

        Assert.Equal(["response_type", "text"], body.Select(p => p.Key));
        Assert.Equal("ephemeral", (string?)body["response_type"]);
        Assert.Equal("Usage: /signoff status &lt;project&gt;/&lt;name&gt;@&lt;version&gt; &amp; more", (string?)body["text"]);
    }

    /// <summary>The buttons a view's actions give: each approve is followed by its "Approve with comment".</summary>
    private static IEnumerable<(string Title, string ActionId, string Slot)> Expected(IEnumerable<ViewAction> actions) =>
        actions.SelectMany(a => SlackActionIds.HasWithComment(a.Verb)
            ? new[] { (a.Title, a.VerbName, a.Slot), (SlackActionIds.ApproveWithCommentText, SlackActionIds.WithCommentActionId(a.Verb), a.Slot) }
            : [(a.Title, a.VerbName, a.Slot)]);

    private static List<JsonNode> Final(List<JsonNode> buttons) =>
        [.. buttons.Where(b => ((string)b["action_id"]!).StartsWith("final.", StringComparison.Ordinal))];

    private static List<JsonNode> Blocks(JsonObject message) => [.. message["blocks"]!.AsArray().Select(b => b!)];

    private static List<JsonNode> Buttons(JsonObject message) =>
        [.. Blocks(message).Where(b => (string?)b["type"] == "actions").SelectMany(b => b["elements"]!.AsArray()).Select(e => e!)];

    private static string Text(JsonNode block) => block["text"]?["text"] is { } text
        ? (string)text!
        : block["elements"] is JsonArray elements
            ? string.Join('\n', elements.Select(e => e?["text"] is JsonValue value ? (string?)value : ""))
            : "";
}
