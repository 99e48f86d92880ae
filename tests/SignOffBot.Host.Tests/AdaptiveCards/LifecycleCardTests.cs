using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Host.AdaptiveCards;
using SignOffBot.Host.Playground;
using SignOffBot.Host.Teams;
using SignOffBot.Testing;
using Xunit.Abstractions;

namespace SignOffBot.Host.Tests.AdaptiveCards;

/// <summary>
/// Issue 14: the card states of the sign-off lifecycle (evidence changed, a slot withdrawn, a slot asked again, a
/// revoked approval, an approval's validity, a re-certification), built through the real domain actions, pass the
/// Teams validator as the Teams card and as the playground card, show the state's text (its time as the reader's
/// <c>{{DATE()}} {{TIME()}}</c>), and render in headless Chromium with working buttons.
/// </summary>
public sealed class LifecycleCardTests(ITestOutputHelper output)
{
    private const string Validator = "validate-adaptive-card.mjs";
    private const string Renderer = "render-adaptive-card.mjs";

    [Fact]
    public async Task EveryLifecycleState_AsTeamsAndPlaygroundCard_PassesTheValidator_AndShowsTheState()
    {
        var folder = TempFolder.Create();
        var files = new List<string>();
        foreach (var scenario in CardScenarios.Lifecycle())
        {
            var playground = new PlaygroundCards(scenario.Governance, TimeProvider.System).For(scenario.Item, scenario.Viewer);
            foreach (var (surface, card) in new[] { ("teams", SignOffCard.Build(scenario.View, CardScenarios.OneReviewer)), ("playground", playground) })
            {
                AssertShows(scenario, surface, card);
                files.Add(Write(folder, $"lifecycle-{scenario.Name}-{surface}.json", card));
                files.Add(Write(folder, $"lifecycle-{scenario.Name}-{surface}-attachment.json", CardAttachment.Of(card)));
            }
        }

        var run = await CardTools.RunAsync(Validator, [.. files]);
        output.WriteLine($"{files.Count} files in {folder}\n{run.StdErr}");

        Assert.True(run.ExitCode == 0, $"{Validator} found problems:\n{run}");
        Assert.Contains($"{files.Count} file(s), 0 problem(s)", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStateCheck_FailsWhenAStateLineIsDropped_SoTheTestAboveCannotPassVacuously()
    {
        var scenario = CardScenarios.Lifecycle().First(s => s.Name == "withdrawn-channel");
        var view = scenario.View;
        var dropped = view with { Feedback = [.. view.Feedback.Select(s => s with { Status = null, Answers = [.. s.Answers.Select(a => a with { Note = null })] })] };

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertShows(scenario, "teams", SignOffCard.Build(dropped, [])));
        var revokedScenario = CardScenarios.Lifecycle().First(s => s.Name == "revoked-channel");
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertShows(revokedScenario, "teams", SignOffCard.Build(revokedScenario.View with { Changes = [] }, [])));
    }

    /// <summary>
    /// Every lifecycle card renders in Chromium; where the viewer may answer, one of the viewer's buttons is pressed
    /// (Approve when only one slot has it, else a button only one slot has, typing the comment it needs) and
    /// submits that verb, slot and comment.
    /// </summary>
    [ChromiumFact]
    public async Task EveryLifecycleCard_RendersInChromium_AndAButtonPressSubmitsTheSlot()
    {
        const string Comment = "Checked after the change";
        var folder = TempFolder.Create();
        var pressed = new List<string>();
        foreach (var scenario in CardScenarios.Lifecycle())
        {
            var view = scenario.View;
            var json = SignOffCard.Build(view, CardScenarios.OneReviewer);
            var card = Write(folder, $"{scenario.Name}.json", json);
            var png = Path.Combine(folder, $"{scenario.Name}.png");
            var press = view.Actions
                .Where(a => view.Actions.Count(b => b.Title == a.Title) == 1)
                .OrderBy(a => a.Verb is ReviewVerb.FeedbackApprove or ReviewVerb.FinalApprove ? 0 : a.Slot == Core.Items.SlotNames.Final ? 1 : 2)
                .FirstOrDefault();
            var input = press is null ? null : CommentInput(json, press);
            string[] steps = press is null ? [] : [.. input is null ? [] : new[] { "--fill", $"{input}={Comment}" }, "--click", press.Title];

            var run = await CardTools.RunAsync(Renderer, [card, png, .. steps]);
            output.WriteLine($"{scenario.Name}: {png}\n{run}");

            Assert.True(run.ExitCode == 0, $"{Renderer} failed on {scenario.Name}:\n{run}");
            Assert.True(new FileInfo(png).Length > 0, $"no screenshot of {scenario.Name}");
            if (press is not null)
            {
                var submitted = JsonNode.Parse(run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(l => l.StartsWith('{')))!;
                Assert.Equal("Action.Execute", (string?)submitted["type"]);
                Assert.Equal(press.VerbName, (string?)submitted["verb"]);
                Assert.Equal(press.Slot, (string?)submitted["data"]!["slot"]);
                Assert.Equal(view.Item, (string?)submitted["data"]!["item"]);
                if (input is not null)
                {
                    Assert.Equal(Comment, (string?)submitted["data"]![input]);
                }

                pressed.Add($"{scenario.Name}: {press.VerbName} on {press.Slot}");
            }
        }

        output.WriteLine(string.Join("\n", pressed));
        // The viewers who may answer: the evidence-changed and re-certified reviewers, the asked-again reviewer, the revoked approval's approver.
        Assert.Equal(
            ["evidence-changed-ops", "re-requested-reviewer", "revoked-final-approver", "recertified-final-approver", "recertified-ops-reviewer"],
            pressed.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    /// <summary>The comment box the card's button for that verb and slot reads (its data's <c>commentInput</c>).</summary>
    private static string? CommentInput(JsonNode? node, ViewAction action) => node switch
    {
        JsonObject o when (string?)o["type"] == "Action.Execute" && (string?)o["verb"] == action.VerbName && (string?)o["data"]?["slot"] == action.Slot
            => (string?)o["data"]?["commentInput"],
        JsonObject o => o.Select(p => CommentInput(p.Value, action)).FirstOrDefault(id => id is not null),
        JsonArray a => a.Select(n => CommentInput(n, action)).FirstOrDefault(id => id is not null),
        _ => null,
    };

    /// <summary>Every text of the state is in the card; a timed one is followed by the reader's date and time, never the core's mark.</summary>
    internal static void AssertShows(LifecycleScenario scenario, string surface, JsonObject card)
    {
        var strings = Strings(card).ToList();
        foreach (var (text, timed) in scenario.Shows)
        {
            var holding = strings.Where(s => s.Contains(text, StringComparison.Ordinal)).ToList();
            Assert.True(holding.Count > 0, $"{scenario.Name} ({surface}): the card does not show \"{text}\"");
            if (timed)
            {
                Assert.True(
                    holding.Any(s => s.Contains($"{text} {{{{DATE(", StringComparison.Ordinal) && s.Contains("{{TIME(", StringComparison.Ordinal)),
                    $"{scenario.Name} ({surface}): \"{text}\" is not followed by the reader's DATE/TIME:\n{string.Join("\n", holding)}");
            }
        }

        if (scenario.View.ChangeLines.Count > 0)
        {
            Assert.Contains(strings, s => s.Contains("Changes", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(strings, s => s.Contains('\u27e6', StringComparison.Ordinal));
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    private static string Write(string folder, string name, JsonObject json)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
