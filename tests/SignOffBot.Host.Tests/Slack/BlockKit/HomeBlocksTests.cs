using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Items;
using SignOffBot.Host.Slack.BlockKit;
using static SignOffBot.Host.Tests.AdaptiveCards.CardScenarios;

namespace SignOffBot.Host.Tests.Slack.BlockKit;

/// <summary>HomeBlocks: the App Home view, its pending reviews with the card's buttons, the viewer's items, and its limits.</summary>
public sealed class HomeBlocksTests
{
    [Fact]
    public void APendingReview_IsASectionNamingItemSlotAndRisk_FollowedByTheCardsButtonsForThatSlotOnly()
    {
        // Ben may answer Risk & Compliance and decide the final approval: the Home entry is for one slot.
        var view = View(FeedbackRequested(), Ben);

        var home = HomeBlocks.View("Ben Okafor", [new HomePending(view, RiskCompliance)], []);

        Assert.Equal("home", (string?)home["type"]);
        var blocks = Blocks(home);
        var section = blocks.Single(b => Id(b).StartsWith("home.pending-0.", StringComparison.Ordinal));
        Assert.Equal("*fraud-detection/churn-xgb@7* · Risk &amp; Compliance\nRisk *high* · owner Dev Patel · feedback-requested", (string?)section["text"]!["text"]);
        var actions = blocks[blocks.IndexOf(section) + 1];
        Assert.Equal("actions", (string?)actions["type"]);
        var card = SignOffBlocks.Message(view).ToJson()["blocks"]!.AsArray()
            .First(b => (string?)b!["type"] == "actions" && b["elements"]![0]!["value"]!.GetValue<string>().Contains(RiskCompliance, StringComparison.Ordinal))!;
        Assert.True(JsonNode.DeepEquals(card["elements"], actions["elements"]));
        Assert.Equal(
            ["feedback.approve", "feedback.approve-comment", "feedback.minor-issue", "feedback.major-issue"],
            actions["elements"]!.AsArray().Select(b => (string)b!["action_id"]!));
    }

    [Fact]
    public void APendingFinalApproval_HasTheFinalButtons()
    {
        var home = HomeBlocks.View("Chen Wei", [new HomePending(View(FinalRequested(), Chen), SlotNames.Final)], []);

        var buttons = Buttons(home);
        Assert.Equal(["final.approve", "final.approve-comment", "final.reject", "final.abandon"], buttons.Select(b => (string)b["action_id"]!));
        Assert.Contains("* · Final approval\n", Texts(home), StringComparison.Ordinal);
    }

    [Fact]
    public void NothingAtAll_IsOneEmptyStateText_WithoutSectionsOrButtons()
    {
        var home = HomeBlocks.View("Ana Ortiz", [], []);

        var blocks = Blocks(home);
        Assert.Equal(["header", "context", "section"], blocks.Select(b => (string)b["type"]!));
        Assert.Equal(HomeBlocks.Title, (string?)blocks[0]["text"]!["text"]);
        Assert.StartsWith("Hello Ana Ortiz.", (string?)blocks[1]["elements"]![0]!["text"], StringComparison.Ordinal);
        Assert.Equal(
            "Nothing waits for your answer, and you own no open sign-offs.\n`/signoff register &lt;project&gt; &lt;name@version&gt;` registers an item; `/signoff help` lists every command.",
            (string?)blocks[2]["text"]!["text"]);
    }

    [Fact]
    public void YourItems_ShowEachItemsState_AndWhatItWaitsFor()
    {
        var owned = new[] { Registered(name: "a"), FeedbackRequested(), FinalRequested() }.Select(i => View(i, null)).ToList();

        var text = Texts(HomeBlocks.View("Dev Patel", [], owned));

        Assert.Contains("Waiting for you (0)\n_Nothing waits for your answer._", text, StringComparison.Ordinal);
        Assert.Contains(
            "Your items (3)\n*fraud-detection/a@7* · not-started\n"
            + "*fraud-detection/churn-xgb@7* · feedback-requested · waiting for IT &amp; Operations, Risk &amp; Compliance and Business\n"
            + "*fraud-detection/churn-xgb@7* · final-approval-requested · waiting for Final approval",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void TooMuch_KeepsAHomesLimits_AndSaysWhatIsNotShown()
    {
        var home = Scenarios().Single(s => s.Name == "too-much").Home;
        var blocks = Blocks(home);

        Assert.InRange(blocks.Count, 1, BlockKitLimits.ModalBlocks);
        Assert.Equal(blocks.Count, blocks.Select(Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(2 * HomeBlocks.MaxPending, blocks.Count(b => Id(b).StartsWith("home.pending-", StringComparison.Ordinal) && !Id(b).StartsWith("home.pending-title", StringComparison.Ordinal) && !Id(b).StartsWith("home.pending-more", StringComparison.Ordinal)));
        Assert.Contains("_20 more wait for you: `/signoff pending` lists them all._", Texts(home), StringComparison.Ordinal);
        Assert.Equal(HomeBlocks.MaxItemSections, blocks.Count(b => Id(b).StartsWith("home.items-", StringComparison.Ordinal) && char.IsAsciiDigit(Id(b)["home.items-".Length])));
        Assert.Matches("_[0-9]+ more of your items are not shown here: `/signoff status &lt;item&gt;` shows one._", Texts(home));
        Assert.All(blocks.Where(b => (string?)b["type"] == "section"), b => Assert.InRange(((string)b["text"]!["text"]!).Length, 1, BlockKitLimits.SectionText));
        Assert.All(blocks.Where(b => (string?)b["type"] == "actions"), b => Assert.InRange(b["elements"]!.AsArray().Count, 1, BlockKitLimits.ActionsElements));
    }

    [Fact]
    public void SlotTitles_AreEscaped_SoTheyCannotMentionOrLink()
    {
        var home = Scenarios().Single(s => s.Name == "wide").Home;

        Assert.Contains("· Category 01 &lt;review&gt; &amp; checks\n", Texts(home), StringComparison.Ordinal);
        Assert.DoesNotContain("<review>", home.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownPerson_IsToldHowToBeAdded()
    {
        var home = HomeBlocks.Unknown("Ask an administrator to add your <SlackUserId> & more.");

        Assert.Equal("home", (string?)home["type"]);
        Assert.Equal("Ask an administrator to add your &lt;SlackUserId&gt; &amp; more.", (string?)Blocks(home)[1]["text"]!["text"]);
        Assert.Empty(Buttons(home));
    }

    /// <summary>Homes for the validators: the sample's viewers, the wide project, and more than a Home can show.</summary>
    internal static IEnumerable<(string Name, JsonObject Home)> Scenarios()
    {
        yield return ("empty", HomeBlocks.View("Ana Ortiz", [], []));
        yield return ("ops", HomeBlocks.View("Olga Sørensen", [new HomePending(View(FeedbackRequested(), Ops), ItOps)], []));
        yield return ("ben", HomeBlocks.View(
            "Ben Okafor",
            [new HomePending(View(FeedbackRequested(), Ben), RiskCompliance), new HomePending(View(FeedbackRequested(), Ben), SlotNames.Final)],
            [View(Registered(name: "mine"), null)]));
        yield return ("chen-final", HomeBlocks.View("Chen Wei (陈伟)", [new HomePending(View(FinalRequested(), Chen), SlotNames.Final)], []));
        yield return ("owner", HomeBlocks.View("Dev Patel", [], [View(Registered(name: "a"), null), View(FeedbackRequested(), null), View(FinalRequested(), null)]));
        yield return ("unknown", HomeBlocks.Unknown("I don't know you yet: ask an administrator to add your SlackUserId to Governance:People."));

        var wide = SignOffViews.For(SlackScenarios.WideItem(answered: false), SlackScenarios.Wide, Ops);
        yield return ("wide", HomeBlocks.View("Olga Sørensen", [.. wide.Feedback.Select(s => new HomePending(wide, s.Slot))], [View(SlackScenarios.LongKey(), null)]));

        var item = View(SlackScenarios.LongKey(), Ops);
        var owned = Enumerable.Repeat(SignOffViews.For(SlackScenarios.WideItem(answered: false), SlackScenarios.Wide, null), 400).ToList();
        yield return ("too-much", HomeBlocks.View(new string('n', 500), [.. Enumerable.Range(0, HomeBlocks.MaxPending + 20).Select(_ => new HomePending(item, ItOps))], owned));
    }

    private static List<JsonNode> Blocks(JsonObject home) => [.. home["blocks"]!.AsArray().Select(b => b!)];

    private static string Id(JsonNode block) => (string)block["block_id"]!;

    private static List<JsonNode> Buttons(JsonObject home) =>
        [.. Blocks(home).Where(b => (string?)b["type"] == "actions").SelectMany(b => b["elements"]!.AsArray()).Select(e => e!)];

    private static string Texts(JsonObject home) => string.Join('\n', Blocks(home).Select(b =>
        b["text"]?["text"] is JsonValue text ? (string)text! : b["elements"] is JsonArray elements ? string.Join('\n', elements.Select(e => e?["text"] is JsonValue t ? (string?)t : "")) : ""));
}
