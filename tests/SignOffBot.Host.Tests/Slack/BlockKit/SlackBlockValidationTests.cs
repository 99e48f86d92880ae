using SignOffBot.Testing;
using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Items;
using SignOffBot.Host.Slack.BlockKit;
using SignOffBot.Host.Tests.AdaptiveCards;
using Xunit.Abstractions;

namespace SignOffBot.Host.Tests.Slack.BlockKit;

/// <summary>
/// Every Block Kit payload SignOffBot sends to Slack passes validate-slack-blocks.mjs (Slack's @slack/types
/// through the TypeScript compiler, plus Block Kit's documented limits and the fallback text), and every comment
/// modal type-checks as a <c>ModalView</c> of @slack/types.
/// </summary>
public sealed class SlackBlockValidationTests(ITestOutputHelper output)
{
    private const string Validator = "validate-slack-blocks.mjs";

    // Type-checks each file as `const view: ModalView = <json>` with the TypeScript and @slack/types that
    // CardTools installed (NODE_PATH), like validate-slack-blocks.mjs does for blocks.
    private const string ModalViewChecker = """
        'use strict';
        const fs = require('node:fs');
        const os = require('node:os');
        const path = require('node:path');
        const ts = require('typescript');
        const typesDir = path.dirname(require.resolve('@slack/types/package.json'));
        const inputs = process.argv.slice(2);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slack-views-'));
        const byTs = new Map();
        inputs.forEach((input, i) => {
          const file = path.join(dir, `view${i}.ts`);
          const json = JSON.stringify(JSON.parse(fs.readFileSync(input, 'utf8')), null, 2);
          fs.writeFileSync(file, "import type { ModalView } from '@slack/types';\nexport const view: ModalView = " + json + ";\n");
          byTs.set(file, input);
        });
        const program = ts.createProgram([...byTs.keys()], {
          strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
          moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: true,
          paths: { '@slack/types': [typesDir] },
        });
        const diagnostics = ts.getPreEmitDiagnostics(program);
        for (const d of diagnostics) {
          const input = d.file ? (byTs.get(path.resolve(d.file.fileName)) ?? d.file.fileName) : '(program)';
          console.log(`${input}: [types] TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/\s+/g, ' ')}`);
        }
        fs.rmSync(dir, { recursive: true, force: true });
        console.error(`check-modal-views: ${inputs.length} file(s), ${diagnostics.length} problem(s)`);
        process.exitCode = diagnostics.length === 0 ? 0 : 1;
        """;

    [Fact]
    public async Task EveryMessage_Modal_Home_AndBypassMessage_PassesTheSlackValidator()
    {
        var folder = TempFolder.Create();
        var files = new List<string>();
        foreach (var (name, view) in SlackScenarios.Views())
        {
            files.Add(Write(folder, $"signoff-{name}.json", SignOffBlocks.Message(view).ToJson()));
        }

        foreach (var (name, modal) in Modals())
        {
            // The validator checks message bodies and bare block arrays; a view's blocks are the latter.
            files.Add(Write(folder, $"modal-{name}-blocks.json", modal["blocks"]!.AsArray()));
        }

        foreach (var (name, home) in HomeBlocksTests.Scenarios())
        {
            // The validator counts the blocks of a bare array as a message's (50); a Home may have 100, so a
            // longer one is checked in parts (its block ids are unique across the whole view either way).
            foreach (var (part, i) in home["blocks"]!.AsArray().Chunk(BlockKitLimits.MessageBlocks).Select((p, i) => (p, i)))
            {
                files.Add(Write(folder, $"home-{name}-{i}.json", new JsonArray([.. part.Select(b => b!.DeepClone())])));
            }
        }

        foreach (var (name, bypass) in CardScenarios.Bypasses())
        {
            files.Add(Write(folder, $"bypass-{name}.json", BypassBlocks.Message(bypass, "Ana Ortiz", "Omar Haddad, Lee Min-jun", CardScenarios.BypassDrawnAt).ToJson()));
            files.Add(Write(folder, $"bypass-{name}-later.json", BypassBlocks.Message(bypass, "Ana Ortiz", "Omar Haddad, Lee Min-jun", CardScenarios.AfterBypassExpired).ToJson()));
            files.Add(Write(folder, $"bypass-{name}-odd.json", BypassBlocks.Message(bypass with { Incident = "<!channel> & " + new string('i', 3000) }, "<@U0ANA>", new string('o', 5000), CardScenarios.AfterBypassExpired).ToJson()));
        }

        var run = await CardTools.RunAsync(Validator, [.. files]);
        output.WriteLine($"{files.Count} files in {folder}\n{run.StdErr}");

        Assert.True(run.ExitCode == 0, $"{Validator} found problems:\n{run}");
        Assert.Contains($"{files.Count} file(s), 0 problem(s)", run.StdErr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 14: every lifecycle state (evidence changed, withdrawn, asked again, revoked, valid until, re-certified)
    /// passes the validator and shows its text, its time as a <c>&lt;!date^…&gt;</c> token for the reader, and beside
    /// every Approve an "Approve with comment" button.
    /// </summary>
    [Fact]
    public async Task EveryLifecycleState_PassesTheSlackValidator_AndShowsTheState()
    {
        var folder = TempFolder.Create();
        var files = new List<string>();
        foreach (var scenario in CardScenarios.Lifecycle())
        {
            var message = SignOffBlocks.Message(scenario.View).ToJson();
            AssertShows(scenario, message);
            files.Add(Write(folder, $"lifecycle-{scenario.Name}.json", message));
        }

        var run = await CardTools.RunAsync(Validator, [.. files]);
        output.WriteLine($"{files.Count} files in {folder}\n{run.StdErr}");

        Assert.True(run.ExitCode == 0, $"{Validator} found problems:\n{run}");
        Assert.Contains($"{files.Count} file(s), 0 problem(s)", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLifecycleStateCheck_FailsWhenAStateLineIsDropped()
    {
        var withdrawn = CardScenarios.Lifecycle().First(s => s.Name == "withdrawn-channel");
        var dropped = withdrawn.View with { Feedback = [.. withdrawn.View.Feedback.Select(s => s with { Status = null })] };
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertShows(withdrawn, SignOffBlocks.Message(dropped).ToJson()));

        var revoked = CardScenarios.Lifecycle().First(s => s.Name == "revoked-final-approver");
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertShows(revoked, SignOffBlocks.Message(revoked.View with { Changes = [] }).ToJson()));
    }

    private static void AssertShows(LifecycleScenario scenario, JsonObject message)
    {
        var strings = Strings(message).ToList();
        foreach (var (text, timed) in scenario.Shows)
        {
            var holding = strings.Where(s => s.Contains(text, StringComparison.Ordinal)).ToList();
            Assert.True(holding.Count > 0, $"{scenario.Name}: the message does not show \"{text}\"");
            if (timed)
            {
                Assert.True(
                    holding.Any(s => s.Contains($"{text} <!date^", StringComparison.Ordinal)),
                    $"{scenario.Name}: \"{text}\" is not followed by a Slack date token:\n{string.Join("\n", holding)}");
            }
        }

        if (scenario.View.ChangeLines.Count > 0)
        {
            Assert.Contains(strings, s => s.Contains("*Changes*", StringComparison.Ordinal));
        }

        var buttons = message["blocks"]!.AsArray()
            .SelectMany(b => b?["elements"]?.AsArray() ?? [])
            .Where(e => (string?)e?["type"] == "button")
            .Select(e => (string?)e!["text"]?["text"])
            .ToList();
        var approves = scenario.View.Actions.Count(a => a.Verb is ReviewVerb.FeedbackApprove or ReviewVerb.FinalApprove);
        Assert.Equal(approves, buttons.Count(b => b == SlackActionIds.ApproveWithCommentText));
        Assert.DoesNotContain(strings, s => s.Contains('\u27e6', StringComparison.Ordinal));
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    [Fact]
    public async Task TheValidator_RejectsBrokenMessages_SoTheTestAboveCannotPassVacuously()
    {
        var folder = TempFolder.Create();
        var message = SignOffBlocks.Message(CardScenarios.View(CardScenarios.FeedbackRequested(), CardScenarios.Ops)).ToJson();
        var good = Write(folder, "good.json", message);

        var longHeader = message.DeepClone().AsObject();
        longHeader["blocks"]![0]!["text"]!["text"] = new string('h', 151);
        var headerFile = Write(folder, "header-151.json", longHeader);

        var noText = message.DeepClone().AsObject();
        noText.Remove("text");
        var noTextFile = Write(folder, "no-text.json", noText);

        var badStyle = message.DeepClone().AsObject();
        var actions = badStyle["blocks"]!.AsArray().Last(b => (string?)b!["type"] == "actions")!;
        actions["elements"]![0]!["style"] = "green";
        var styleFile = Write(folder, "bad-style.json", badStyle);

        var run = await CardTools.RunAsync(Validator, good, headerFile, noTextFile, styleFile);

        Assert.True(run.ExitCode == 1, $"expected exit 1:\n{run}");
        Assert.Contains("header-151.json: [limits] /blocks/0/text/text: 151 characters, header text may have at most 150", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("no-text.json: [message] /text: missing or empty top-level \"text\"", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("bad-style.json: [types]", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("good.json:", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryCommentModal_TypeChecksAsASlackModalView_AndAMisspeltOneDoesNot()
    {
        var folder = TempFolder.Create();
        var checker = Path.Combine(folder, "check-modal-views.cjs");
        File.WriteAllText(checker, ModalViewChecker);
        var files = Modals().Select(m => Write(folder, $"modal-{m.Name}.json", m.Modal)).ToList();

        var misspelt = ReviewModal.Build("fraud-detection/churn-xgb@7", "Business", ReviewVerb.FeedbackMinorIssue, null);
        misspelt["callbackId"] = misspelt["callback_id"]!.DeepClone();
        var bad = Write(folder, "misspelt.json", misspelt);

        var run = await CardTools.RunAsync(checker, [.. files, bad]);
        output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 1, $"expected exit 1 for misspelt.json only:\n{run}");
        var problems = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.StartsWith(bad + ": [types] TS2353", p, StringComparison.Ordinal));
        Assert.Contains($"{files.Count + 1} file(s)", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryHome_TypeChecksAsASlackHomeView_AndAModalDoesNot()
    {
        var folder = TempFolder.Create();
        var checker = Path.Combine(folder, "check-home-views.cjs");
        File.WriteAllText(checker, ModalViewChecker.Replace("ModalView", "HomeView", StringComparison.Ordinal));
        var files = HomeBlocksTests.Scenarios().Select(h => Write(folder, $"home-{h.Name}.json", h.Home)).ToList();
        var modal = Write(folder, "modal.json", ReviewModal.Build("fraud-detection/churn-xgb@7", "Business", ReviewVerb.FeedbackApprove, null));

        var run = await CardTools.RunAsync(checker, [.. files, modal]);
        output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 1, $"expected exit 1 for modal.json only:\n{run}");
        var problems = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.StartsWith(modal + ": [types]", p, StringComparison.Ordinal));
        Assert.Contains($"{files.Count + 1} file(s)", run.StdErr, StringComparison.Ordinal);
    }

    /// <summary>The comment modal for every verb that asks for a comment, and some that do not, with and without metadata.</summary>
    private static IEnumerable<(string Name, JsonObject Modal)> Modals()
    {
        const string Item = "fraud-detection/churn-xgb@7";
        foreach (var verb in Enum.GetValues<ReviewVerb>().Where(v => v is not ReviewVerb.BypassGrant and not ReviewVerb.BypassDeny))
        {
            var slot = ReviewVerbs.Name(verb).StartsWith("final.", StringComparison.Ordinal) ? SlotNames.Final : CardScenarios.RiskCompliance;
            yield return (ReviewVerbs.Name(verb), ReviewModal.Build(Item, slot, verb, null));
            yield return (ReviewVerbs.Name(verb) + "-metadata", ReviewModal.Build(Item, slot, verb, """{"channel":"D0123","ts":"1548261231.000200"}"""));
        }

        var longItem = $"{new string('p', 100)}/{new string('n', 100)}@{new string('v', 64)}";
        yield return ("long", ReviewModal.Build(longItem, "Category with <odd> & " + new string('c', 400), ReviewVerb.FeedbackMajorIssue, new string('m', 2000)));
    }

    private static string Write(string folder, string name, JsonNode json)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
