using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Playground;

namespace SignOffBot.Host.Tests.Api;

/// <summary>
/// GET /api/v1/items/{key} carries the sign-off's history as the cards show it: which answers no longer count (given
/// before a re-request) and why, which came before an evidence change, and every change after the requests, the
/// approval a revoke ended included.
/// </summary>
public sealed class ItemHistoryApiTests
{
    private const string Item = PlaygroundFixture.Item;
    private const string Risk = "Risk & Compliance";

    [Fact]
    public async Task AReRequestAndARevoke_ShowInTheItemDocument_WithTheAnswersThatNoLongerCount()
    {
        await using var host = new PlaygroundFixture();
        await host.RequestFeedbackAsync();
        await PressAsync(host, "ben@example.com", "feedback.major-issue", Risk, "The drift report is missing");
        await CommandAsync(host, "ana@example.com", $"evidence {Item} --report https://wiki.example.com/drift-7");
        await PressAsync(host, "ops@example.com", "feedback.approve", "IT & Operations", "Runbook is fine");

        var before = await ItemAsync(host);
        var ops = Answers(before, "IT & Operations").Single()!;
        Assert.Equal((true, null), ((bool?)ops["counted"], (string?)ops["note"]));
        var major = Answers(before, Risk).Single()!;
        Assert.Equal((true, "answered before the evidence changed"), ((bool?)major["counted"], (string?)major["note"]));

        await CommandAsync(host, "ana@example.com", $"re-request {Item} \"{Risk}\" --reason drift report added");
        await PressAsync(host, "ben@example.com", "feedback.approve", Risk, "Looks good now");
        await CommandAsync(host, "ana@example.com", $"request-final {Item}");
        await PressAsync(host, "chen@example.com", "final.approve", "final", "Approved");
        await CommandAsync(host, "chen@example.com", $"revoke {Item} --reason bias finding INC-412");

        var item = await ItemAsync(host);
        Assert.Equal("final-approval-requested", (string?)item["signOff"]!["state"]);
        var risk = Answers(item, Risk);
        Assert.Equal(
            [("major-issue", false, "before the re-request, not counted"), ("approve", true, null)],
            risk.Select(a => ((string)a!["answer"]!, (bool)a["counted"]!, (string?)a["note"])).ToArray());

        var history = item["signOff"]!["history"]!.AsArray();
        Assert.Equal(["evidence-changed", "re-requested", "approval-revoked"], history.Select(c => (string)c!["kind"]!).ToArray());
        var reRequested = history[1]!;
        Assert.Equal((Risk, "ana@example.com", "drift report added"), ((string?)reRequested["slot"], (string?)reRequested["by"], (string?)reRequested["reason"]));
        var revoked = history[2]!;
        Assert.Equal(("chen@example.com", "bias finding INC-412"), ((string?)revoked["by"], (string?)revoked["reason"]));
        Assert.Equal(("chen@example.com", "approve", "Approved"),
            ((string?)revoked["endedDecision"]!["by"], (string?)revoked["endedDecision"]!["decision"], (string?)revoked["endedDecision"]!["comment"]));
        Assert.Null(item["signOff"]!["final"]!["decision"]);
    }

    private static JsonArray Answers(JsonNode item, string category) =>
        item["signOff"]!["feedback"]!.AsArray().Single(f => (string?)f!["category"] == category)!["answers"]!.AsArray();

    private static async Task<JsonNode> ItemAsync(PlaygroundFixture host)
    {
        var response = await host.Api.GetAsync($"/api/v1/items/{Item}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiJson.ReadAsync(response);
    }

    private static async Task CommandAsync(PlaygroundFixture host, string person, string text)
    {
        Assert.Equal(HttpStatusCode.OK, (await host.CommandAsync(person, text)).StatusCode);
        host.App.Time.Advance(TimeSpan.FromMinutes(5));
    }

    private static async Task PressAsync(PlaygroundFixture host, string person, string verb, string slot, string comment)
    {
        var answer = await ApiJson.ReadAsync(await host.PressAsync(person, verb, PlaygroundFixture.ApproveData(slot, comment)));
        Assert.True((string?)answer["reply"] == "card", answer.ToJsonString());
        host.App.Time.Advance(TimeSpan.FromMinutes(5));
    }
}
