using System.Text.Json.Nodes;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsFixture;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>The domain's 2,000-character limit on comments, through a Teams card press: the refusal is the answer.</summary>
public sealed class TeamsCommentLimitFlowTests
{
    private const string Item = "fraud-detection/churn-xgb@7";
    private const string RiskSlot = "Risk & Compliance";

    [Fact]
    public async Task Press_WithA2001CharacterComment_IsRefusedNamingTheLimit_And2000IsRecorded()
    {
        await using var teams = await TeamsFixture.StartAsync();
        await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@7 --risk low"));
        await teams.PostAsync(teams.Message(Ana, "request-feedback fraud-detection/churn-xgb@7"));
        var events = await teams.AuditCountAsync();

        var refused = await teams.InvokeAsync(teams.Press(Ben, "feedback.minor-issue", Data(RiskSlot, "comment-risk-compliance", new string('c', 2001))));

        Assert.Equal(400, (int?)refused["statusCode"]);
        Assert.Equal("application/vnd.microsoft.error", (string?)refused["type"]);
        Assert.Equal("A comment is at most 2,000 characters; this one has 2,001. Shorten it, or link to a longer document.", (string?)refused["value"]!["message"]);
        Assert.Equal(events, await teams.AuditCountAsync());

        var recorded = await teams.InvokeAsync(teams.Press(Ben, "feedback.minor-issue", Data(RiskSlot, "comment-risk-compliance", new string('c', 2000))));

        Assert.Equal(200, (int?)recorded["statusCode"]);
        Assert.Equal(events + 1, await teams.AuditCountAsync());
        var risk = (await teams.ItemAsync(Item))["signOff"]!["feedback"]!.AsArray().Single(s => (string?)s!["category"] == RiskSlot)!;
        Assert.Equal(2000, ((string?)Assert.Single(risk["answers"]!.AsArray())!["comment"])!.Length);
    }

    private static JsonObject Data(string slot, string commentInput, string comment) => new()
    {
        ["item"] = Item,
        ["slot"] = slot,
        ["commentInput"] = commentInput,
        [commentInput] = comment,
    };
}
