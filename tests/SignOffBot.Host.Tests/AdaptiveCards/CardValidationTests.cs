using SignOffBot.Testing;
using SignOffBot.Host.Teams;
using System.Text.Json.Nodes;
using SignOffBot.Host.AdaptiveCards;
using Xunit.Abstractions;

namespace SignOffBot.Host.Tests.AdaptiveCards;

/// <summary>
/// Every card SignOffBot sends to Teams passes validate-adaptive-card.mjs (Microsoft's adaptivecards library with
/// the Teams host config, the official 1.5 schema, and the Teams rules: version, 28 KB, data objects).
/// </summary>
public sealed class CardValidationTests(ITestOutputHelper output)
{
    private const string Validator = "validate-adaptive-card.mjs";

    [Fact]
    public async Task EveryCard_InEveryState_ForEveryViewer_PassesTheTeamsValidator()
    {
        var folder = TempFolder.Create();
        var files = new List<string>();
        foreach (var (name, view) in CardScenarios.Views())
        {
            foreach (var (suffix, ids) in new[] { ("", CardScenarios.OneReviewer), ("-norefresh", []), ("-75ids", CardScenarios.UserIds(75)) })
            {
                var card = SignOffCard.Build(view, ids);
                files.Add(Write(folder, $"signoff-{name}{suffix}.json", card));
                files.Add(Write(folder, $"signoff-{name}{suffix}-attachment.json", CardAttachment.Of(card)));
            }
        }

        foreach (var (name, bypass) in CardScenarios.Bypasses())
        {
            foreach (var (suffix, at) in new[] { ("", CardScenarios.BypassDrawnAt), ("-later", CardScenarios.AfterBypassExpired) })
            {
                var card = BypassCard.Build(bypass, "Ana Ortiz", "Omar Haddad, Lee Min-jun", at);
                files.Add(Write(folder, $"bypass-{name}{suffix}.json", card));
                files.Add(Write(folder, $"bypass-{name}{suffix}-attachment.json", CardAttachment.Of(card)));
            }
        }

        // The card inside an invoke response is the same card: validate what the client receives.
        var invoke = InvokeResponses.Card(SignOffCard.Build(CardScenarios.View(CardScenarios.FinalRequested(), CardScenarios.Chen), CardScenarios.OneReviewer));
        files.Add(Write(folder, "invoke-card-value.json", invoke["value"]!.AsObject()));

        var run = await CardTools.RunAsync(Validator, [.. files]);
        output.WriteLine($"{files.Count} files in {folder}\n{run.StdErr}");

        Assert.True(run.ExitCode == 0, $"{Validator} found problems:\n{run}");
        Assert.Contains($"{files.Count} file(s), 0 problem(s)", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheValidator_RejectsABrokenCard_SoTheTestAboveCannotPassVacuously()
    {
        var folder = TempFolder.Create();
        var card = SignOffCard.Build(CardScenarios.View(CardScenarios.FeedbackRequested(), CardScenarios.Ops), CardScenarios.OneReviewer);
        var good = Write(folder, "good.json", card);
        card["version"] = "1.6";
        var tooNew = Write(folder, "version-1.6.json", card);

        var run = await CardTools.RunAsync(Validator, good, tooNew);

        Assert.True(run.ExitCode == 1, $"expected exit 1:\n{run}");
        Assert.Contains("version-1.6.json: [teams] /version: 1.6 is above 1.5", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("good.json:", run.StdOut, StringComparison.Ordinal);
    }

    private static string Write(string folder, string name, JsonObject json)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
