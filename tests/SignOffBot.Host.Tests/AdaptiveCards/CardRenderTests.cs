using SignOffBot.Testing;
using System.Text.Json.Nodes;
using SignOffBot.Host.AdaptiveCards;
using Xunit.Abstractions;

namespace SignOffBot.Host.Tests.AdaptiveCards;

/// <summary>
/// The reviewer's card rendered by Microsoft's adaptivecards library in headless Chromium: typing a comment and
/// pressing a button submits what the bot expects to read (render-adaptive-card.mjs).
/// </summary>
public sealed class CardRenderTests(ITestOutputHelper output)
{
    private const string Renderer = "render-adaptive-card.mjs";
    private const string Comment = "Needs a fairness report";

    [ChromiumFact]
    public async Task MinorIssue_WithATypedComment_SubmitsTheVerbTheSlotAndTheComment()
    {
        var (card, png) = ReviewerCard();
        var input = CommentInputId(card);

        var run = await CardTools.RunAsync(Renderer, card.Path, png, "--fill", $"{input}={Comment}", "--click", "Minor issue");
        output.WriteLine($"{png}\n{run}");

        Assert.True(run.ExitCode == 0, $"{Renderer} failed:\n{run}");
        var submitted = LastJsonLine(run);
        Assert.Equal("Action.Execute", (string?)submitted["type"]);
        Assert.Equal("feedback.minor-issue", (string?)submitted["verb"]);
        var data = submitted["data"]!.AsObject();
        Assert.Equal("fraud-detection/churn-xgb@7", (string?)data["item"]);
        Assert.Equal(CardScenarios.ItOps, (string?)data["slot"]);
        Assert.Equal(input, (string?)data["commentInput"]);
        Assert.Equal(Comment, (string?)data[(string)data["commentInput"]!]);
        Assert.True(new FileInfo(png).Length > 0);
    }

    [ChromiumFact]
    public async Task Approve_WithoutAComment_SubmitsFeedbackApprove()
    {
        var (card, png) = ReviewerCard();

        var run = await CardTools.RunAsync(Renderer, card.Path, png, "--click", "Approve");
        output.WriteLine($"{png}\n{run}");

        Assert.True(run.ExitCode == 0, $"{Renderer} failed:\n{run}");
        var submitted = LastJsonLine(run);
        Assert.Equal("Action.Execute", (string?)submitted["type"]);
        Assert.Equal("feedback.approve", (string?)submitted["verb"]);
        Assert.Equal(CardScenarios.ItOps, (string?)submitted["data"]!["slot"]);
    }

    /// <summary>Olga (IT &amp; Operations) on an item where Ben already answered Risk &amp; Compliance twice.</summary>
    private static ((string Path, JsonObject Json) Card, string Png) ReviewerCard()
    {
        var item = CardScenarios.FeedbackRequested()
            .Answer(CardScenarios.Ben, CardScenarios.RiskCompliance, Core.Items.FeedbackAnswerKind.MajorIssue, "The validation set predates the Q1 fraud wave.", 30)
            .Answer(CardScenarios.Ben, CardScenarios.RiskCompliance, Core.Items.FeedbackAnswerKind.Approve, "Re-validated on Q1 data.", 90)
            .Answer(CardScenarios.Biz, CardScenarios.Business, Core.Items.FeedbackAnswerKind.MinorIssue, CardScenarios.LongComment, 60);
        var json = SignOffCard.Build(CardScenarios.View(item, CardScenarios.Ops), CardScenarios.OneReviewer);
        var folder = TempFolder.Create();
        var path = Path.Combine(folder, "reviewer-card.json");
        File.WriteAllText(path, json.ToJsonString());
        return ((path, json), Path.Combine(folder, "reviewer-card.png"));
    }

    private static string CommentInputId((string Path, JsonObject Json) card) =>
        FindInputId(card.Json) ?? throw new InvalidOperationException("the reviewer card has no comment box");

    private static string? FindInputId(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["type"] == "Input.Text" => (string?)o["id"],
        JsonObject o => o.Select(p => FindInputId(p.Value)).FirstOrDefault(id => id is not null),
        JsonArray a => a.Select(FindInputId).FirstOrDefault(id => id is not null),
        _ => null,
    };

    private static JsonObject LastJsonLine(ToolRun run) =>
        JsonNode.Parse(run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Last(l => l.StartsWith('{')))!.AsObject();
}
