using SignOffBot.Testing;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.AdaptiveCards;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsFixture;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>
/// The card the bot really sent, rendered by the official Adaptive Cards renderer in headless Chromium; what the
/// renderer submits on a click goes back to the bot as the invoke Teams would send.
/// </summary>
public sealed class TeamsRenderedCardFlowTests
{
    private const string Item = "fraud-detection/churn-xgb@7";

    [ChromiumFact]
    public async Task SentReviewCard_ClickedInTheRealRenderer_RecordsTheAnswerWithTheTypedComment()
    {
        await using var teams = await TeamsFixture.StartAsync();
        await teams.PostAsync(teams.Message(Ana, "pending"));
        await teams.PostAsync(teams.Message(Bea, "pending"));
        await ApiJson.RegisterAsync(teams.Api, "fraud-detection", "churn-xgb", "7", "ana@example.com");
        await teams.PostAsync(teams.Message(Ana, "request-feedback fraud-detection/churn-xgb@7 Business"));
        var sent = (await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == PersonalConversation(Bea) && r.Body?["attachments"] is not null))[0];

        var folder = TempFolder.Create();
        var cardFile = Path.Combine(folder, "bea-card.json");
        await File.WriteAllTextAsync(cardFile, sent.Body!["attachments"]![0]!.ToJsonString());
        var validation = await CardTools.RunAsync("validate-adaptive-card.mjs", cardFile);
        Assert.True(validation.ExitCode == 0, validation.ToString());

        var run = await CardTools.RunAsync("render-adaptive-card.mjs", cardFile, Path.Combine(folder, "bea-card.png"),
            "--fill", "comment-business=Pricing impact is acceptable", "--click", "Minor issue");
        Assert.True(run.ExitCode == 0, run.ToString());
        var submitted = JsonNode.Parse(run.StdOut.Trim().Split('\n')[^1])!;

        var value = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = submitted["verb"]!.DeepClone(), ["data"] = submitted["data"]!.DeepClone() }, ["trigger"] = "manual" };
        var answer = await teams.InvokeAsync(teams.Bot.InvokeActivity("adaptiveCard/action", value, Bea.Id, Bea.Aad, Bea.Name, replyToId: sent.Body["id"]?.ToString()));

        Assert.Equal(200, (int?)answer["statusCode"]);
        var business = (await teams.ItemAsync(Item))["signOff"]!["feedback"]!.AsArray().Single(s => (string?)s!["category"] == "Business")!;
        var recorded = Assert.Single(business["answers"]!.AsArray())!;
        Assert.Equal(("biz@example.com", "minor-issue", "Pricing impact is acceptable"), ((string?)recorded["by"], (string?)recorded["answer"], (string?)recorded["comment"]));
    }
}
