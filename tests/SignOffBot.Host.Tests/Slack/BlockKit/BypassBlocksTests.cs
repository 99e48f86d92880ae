using SignOffBot.Host.Slack.Payloads;
using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Host.Slack.BlockKit;
using SignOffBot.Host.Tests.AdaptiveCards;

namespace SignOffBot.Host.Tests.Slack.BlockKit;

/// <summary>BypassBlocks and SlackActionIds: the bypass message's buttons, and reading button values back.</summary>
public sealed class BypassBlocksTests
{
    [Fact]
    public void PendingBypass_HasGrantAndDeny_WithTheBypassIdAsValue()
    {
        var (_, pending) = CardScenarios.Bypasses().Single(b => b.Name == "pending");

        var message = BypassBlocks.Message(pending, "Ana Ortiz", "Omar Haddad, Lee Min-jun", CardScenarios.BypassDrawnAt).ToJson();
        var buttons = Buttons(message);

        Assert.Equal(
            [("Grant", "bypass.grant", "primary"), ("Deny", "bypass.deny", "danger")],
            buttons.Select(b => ((string)b["text"]!["text"]!, (string)b["action_id"]!, (string)b["style"]!)));
        Assert.All(buttons, b => Assert.Equal("""{"bypass":"byp-01HZX3"}""", (string?)b["value"]));
        Assert.All(buttons, b =>
        {
            Assert.True(SlackPresses.TryReadBypassValue((string?)b["value"], out var id));
            Assert.Equal("byp-01HZX3", id);
        });
        Assert.Equal("Emergency bypass for fraud-detection/churn-xgb@7 on prod-api (incident INC-4711, 4 h) requested by Ana Ortiz: pending.", (string?)message["text"]);
        Assert.Equal("Emergency bypass: fraud-detection/churn-xgb@7", (string?)message["blocks"]![0]!["text"]!["text"]);
        Assert.Contains("*On call*\nOmar Haddad, Lee Min-jun", message["blocks"]!.AsArray().SelectMany(b => b!["fields"]?.AsArray() ?? []).Select(f => (string?)f!["text"]));
    }

    [Theory]
    [InlineData("granted", "Granted by oncall@example.com; deploy-check allows fraud-detection/churn-xgb@7 on prod-api until <!date^1772456820^{date_short_pretty} {time}|2026-03-02 13:07 UTC>.")]
    [InlineData("denied", "Denied by lee@example.com.")]
    public void DecidedBypass_HasNoButtons_AndSaysTheDecision(string name, string decision)
    {
        var (_, bypass) = CardScenarios.Bypasses().Single(b => b.Name == name);

        var message = BypassBlocks.Message(bypass, "Ana Ortiz", "Omar Haddad, Lee Min-jun", CardScenarios.BypassDrawnAt).ToJson();

        Assert.Empty(Buttons(message));
        Assert.DoesNotContain(message["blocks"]!.AsArray(), b => (string?)b!["type"] == "actions");
        Assert.Equal(decision, (string?)message["blocks"]!.AsArray().Last()!["elements"]![0]!["text"]);
    }

    [Fact]
    public void GrantedBypass_DrawnAfterItsTime_SaysItExpired()
    {
        var (_, bypass) = CardScenarios.Bypasses().Single(b => b.Name == "granted");

        var message = BypassBlocks.Message(bypass, "Ana Ortiz", "Omar Haddad, Lee Min-jun", CardScenarios.AfterBypassExpired).ToJson();

        Assert.Empty(Buttons(message));
        Assert.Equal(
            "Granted by oncall@example.com; expired <!date^1772456820^{date_short_pretty} {time}|2026-03-02 13:07 UTC>, deploy-check follows the sign-off again.",
            (string?)message["blocks"]!.AsArray().Last()!["elements"]![0]!["text"]);
        Assert.EndsWith("requested by Ana Ortiz: expired.", (string?)message["text"], StringComparison.Ordinal);
        Assert.Contains("*Expired*\n<!date^1772456820^{date_short_pretty} {time}|2026-03-02 13:07 UTC>", message["blocks"]!.AsArray().SelectMany(b => b!["fields"]?.AsArray() ?? []).Select(f => (string?)f!["text"]));
    }

    [Fact]
    public void ActionIds_AreTheVerbsWireNames()
    {
        foreach (var verb in Enum.GetValues<ReviewVerb>())
        {
            Assert.Equal(ReviewVerbs.Name(verb), SlackActionIds.ActionId(verb));
            Assert.True(ReviewVerbs.TryParse(SlackActionIds.ActionId(verb), out var parsed));
            Assert.Equal(verb, parsed);
        }

        Assert.False(ReviewVerbs.TryParse("feedback-approve", out _));
        Assert.Equal("feedback.approve", SlackActionIds.ActionId(ReviewVerb.FeedbackApprove));
        Assert.Equal("final.reject", SlackActionIds.ActionId(ReviewVerb.FinalReject));
        Assert.Equal("bypass.grant", SlackActionIds.ActionId(ReviewVerb.BypassGrant));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("so-42|risk")]
    [InlineData("""{"item":"a/b@1"}""")]
    [InlineData("""{"item":"a/b@1","slot":3}""")]
    [InlineData("""["a/b@1","final"]""")]
    public void TryReadReviewValue_RefusesAnythingElse(string? value)
    {
        Assert.False(SlackPresses.TryReadReviewValue(value, out var item, out var slot));
        Assert.Null(item);
        Assert.Null(slot);
        Assert.False(SlackPresses.TryReadBypassValue(value, out _));
    }

    [Fact]
    public void ReviewValue_RoundTrips()
    {
        var value = SlackActionIds.ReviewValue("fraud-detection/churn-xgb@7", "Risk & Compliance");

        Assert.Equal("""{"item":"fraud-detection/churn-xgb@7","slot":"Risk & Compliance"}""", value);
        Assert.True(SlackPresses.TryReadReviewValue(value, out var item, out var slot));
        Assert.Equal(("fraud-detection/churn-xgb@7", "Risk & Compliance"), (item, slot));
    }

    private static List<JsonNode> Buttons(JsonObject message) =>
        [.. message["blocks"]!.AsArray().Where(b => (string?)b!["type"] == "actions").SelectMany(b => b!["elements"]!.AsArray()).Select(e => e!)];
}
