using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Playground;

/// <summary>
/// Commands typed in the page and buttons pressed on its cards go through the same parser, domain actions and card
/// as Teams; requests and status lines reach the right conversations through the outbox.
/// </summary>
public sealed class PlaygroundConversationTests
{
    private const string Ana = "ana@example.com";
    private const string Olga = "ops@example.com";
    private const string Ben = "ben@example.com";
    private const string Dev = "dev@example.com";
    private const string Direct = "dm:";
    private const string Releases = "channel:fraud-detection";

    [Fact]
    public async Task ACommand_IsAnsweredWithTheTeamsCard_InTheAuthorsConversation()
    {
        await using var host = new PlaygroundFixture();

        var answer = await ApiJson.ReadAsync(await host.CommandAsync(Ana, "register fraud-detection churn-xgb@7 --risk medium"));

        Assert.Equal("card", (string?)answer["reply"]);
        Assert.Equal($"Registered {PlaygroundFixture.Item}.", (string?)answer["text"]);
        var lines = PlaygroundFixture.Lines(await host.PageAsync(Ana), Direct + Ana);
        Assert.Equal(["Ana Ortiz", "SignOffBot"], lines.Select(l => (string?)l!["from"]));
        Assert.Equal("register fraud-detection churn-xgb@7 --risk medium", (string?)lines[0]!["text"]);
        var card = lines[1]!["card"]!;
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Contains($"Sign-off: {PlaygroundFixture.Item}", card.ToJsonString(), StringComparison.Ordinal);
        var stored = await host.Api.GetAsync($"/api/v1/items/{PlaygroundFixture.Item}");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
    }

    [Fact]
    public async Task RequestFeedback_GivesEachReviewerTheirCardWithButtons_AndTheReleaseChannelOneStatusLine()
    {
        await using var host = new PlaygroundFixture();

        await host.RequestFeedbackAsync();

        var olga = await host.PageAsync(Olga);
        var request = PlaygroundFixture.Lines(olga, Direct + Olga).Single();
        Assert.Equal($"Review requested: {PlaygroundFixture.Item}, IT & Operations.", (string?)request!["text"]);
        var buttons = Titles(request["card"]!);
        Assert.Equal(["Model card", "Approve", "Minor issue", "Major issue"], buttons);
        Assert.Equal($"{PlaygroundFixture.Item}: IT & Operations (medium risk)", Pending(olga).Single());
        Assert.Single(PlaygroundFixture.Lines(await host.PageAsync(Ben), Direct + Ben));

        // fraud-detection names a Slack and a Teams release channel: the playground shows the line once.
        var channel = PlaygroundFixture.Lines(olga, Releases);
        Assert.Equal(
            [$"{PlaygroundFixture.Item}: Ana Ortiz requested feedback on IT & Operations, Risk & Compliance. State: feedback-requested."],
            channel.Select(l => (string?)l!["text"]));
        Assert.Empty(PlaygroundFixture.Lines(await host.PageAsync(Dev), Direct + Dev));
    }

    [Fact]
    public async Task APress_IsRecordedOnce_RedrawsTheCard_AndPostsTheStatusLine()
    {
        await using var host = new PlaygroundFixture();
        await host.RequestFeedbackAsync();
        var before = await host.AuditCountAsync();

        var answer = await ApiJson.ReadAsync(await host.PressAsync(Olga, "feedback.approve", PlaygroundFixture.ApproveData("IT & Operations", "Runbook ready"), id: "press-1"));
        var again = await ApiJson.ReadAsync(await host.PressAsync(Olga, "feedback.approve", PlaygroundFixture.ApproveData("IT & Operations", "Runbook ready"), id: "press-1"));
        await host.DeliverAsync();

        Assert.Equal("card", (string?)answer["reply"]);
        Assert.Equal($"Approve recorded on {PlaygroundFixture.Item}.", (string?)answer["text"]);
        Assert.Equal(before + 1, await host.AuditCountAsync());
        Assert.Equal("card", (string?)again["reply"]);
        // The request card in Olga's conversation is drawn from the current state: her answer is on it.
        var card = PlaygroundFixture.Lines(await host.PageAsync(Olga), Direct + Olga).Single()!["card"]!.ToJsonString();
        Assert.Contains("\"text\":\"approve\"", card, StringComparison.Ordinal);
        Assert.Contains("Runbook ready", card, StringComparison.Ordinal);
        var channel = PlaygroundFixture.Lines(await host.PageAsync(Ana), Releases).Select(l => (string?)l!["text"]).ToList();
        Assert.Equal($"{PlaygroundFixture.Item}: Olga Sorensen answered approve on IT & Operations: \"Runbook ready\". State: feedback-requested.", channel.Last());
        Assert.Equal(2, channel.Count);
    }

    [Fact]
    public async Task APressRefused_IsToldOnlyToThePresser_AndChangesNothing()
    {
        await using var host = new PlaygroundFixture();
        await host.RequestFeedbackAsync();
        var before = await host.AuditCountAsync();

        var answer = await ApiJson.ReadAsync(await host.PressAsync(Dev, "feedback.approve", PlaygroundFixture.ApproveData("IT & Operations", "I approve")));

        Assert.Equal("private", (string?)answer["reply"]);
        Assert.Equal("This review is not assigned to you.", (string?)answer["text"]);
        Assert.Equal(before, await host.AuditCountAsync());
        Assert.Equal((string?)answer["text"], (string?)PlaygroundFixture.Lines(await host.PageAsync(Dev), Direct + Dev).Single()!["text"]);
        Assert.DoesNotContain(PlaygroundFixture.Lines(await host.PageAsync(Olga), Direct + Olga), l => ((string?)l!["text"])!.Contains("I approve", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InAReleaseChannel_AnswersAreForEveryone_ButAUsageErrorOnlyForItsAuthor()
    {
        await using var host = new PlaygroundFixture();
        await host.RequestFeedbackAsync();

        var check = await ApiJson.ReadAsync(await host.CommandAsync(Dev, $"deploy-check {PlaygroundFixture.Item} sandbox", Releases));
        var typo = await ApiJson.ReadAsync(await host.CommandAsync(Dev, "deploy-chek", Releases));

        Assert.Equal("text", (string?)check["reply"]);
        Assert.StartsWith("allowed:", (string?)check["text"], StringComparison.Ordinal);
        Assert.Equal("private", (string?)typo["reply"]);
        var devSees = PlaygroundFixture.Lines(await host.PageAsync(Dev), Releases).Select(l => (string?)l!["text"]).ToList();
        var anaSees = PlaygroundFixture.Lines(await host.PageAsync(Ana), Releases).Select(l => (string?)l!["text"]).ToList();
        Assert.Contains((string?)check["text"], anaSees);
        Assert.Contains((string?)typo["text"], devSees);
        Assert.DoesNotContain((string?)typo["text"], anaSees);
        Assert.Equal(devSees.Count - 1, anaSees.Count);
    }

    [Fact]
    public async Task AStatusCardInAChannel_HasNoButtons_EvenForAReviewer()
    {
        await using var host = new PlaygroundFixture();
        await host.RequestFeedbackAsync();

        var answer = await ApiJson.ReadAsync(await host.CommandAsync(Olga, $"status {PlaygroundFixture.Item}", Releases));

        var card = PlaygroundFixture.Lines(await host.PageAsync(Olga), Releases).Last()!["card"]!;
        Assert.Equal(["Model card"], Titles(card));
    }

    private static List<string?> Titles(JsonNode card) => Actions(card).Select(a => (string?)a["title"]).ToList();

    private static IEnumerable<JsonObject> Actions(JsonNode? node) => node switch
    {
        JsonObject o when ((string?)o["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true => [o],
        JsonObject o => o.SelectMany(p => Actions(p.Value)),
        JsonArray a => a.SelectMany(Actions),
        _ => [],
    };

    private static List<string?> Pending(JsonNode page) =>
        page["pending"]!.AsArray().Select(p => $"{(string?)p!["item"]}: {(string?)p["slot"]} ({(string?)p["risk"]} risk)").ToList<string?>();
}
