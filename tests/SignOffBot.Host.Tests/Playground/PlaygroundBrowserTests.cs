using SignOffBot.Testing;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.AdaptiveCards;

namespace SignOffBot.Host.Tests.Playground;

/// <summary>
/// Issue 6: the README walkthrough, done in headless Chromium by typing and clicking in the rendered playground
/// (walkthrough.mjs checks what the page shows at every step), against the built host started as a newcomer would:
/// no Teams, no Slack, nothing but a database path. Then the API confirms what the clicks did.
/// </summary>
public sealed class PlaygroundBrowserTests
{
    private const string ApiKey = "playground-test-api-key";
    private static readonly TimeSpan WalkthroughTimeout = TimeSpan.FromMinutes(3);

    [ChromiumFact]
    public async Task TheReadmeWalkthrough_ByClicksAndTyping_ShowsEveryStepAndRecordsIt()
    {
        var folder = TempFolder.Create();
        var settings = new Dictionary<string, string>
        {
            ["Storage:LiteDb:Path"] = Path.Combine(folder, "signoff.db"),
            ["Api:Keys:0:Name"] = "check",
            ["Api:Keys:0:Sha256"] = HostFixture.Sha256Hex(ApiKey),
            ["Api:Keys:0:Scopes:0"] = "audit:read",
            ["Api:Keys:0:Scopes:1"] = "deploy:check",
        };
        // As the README's run command runs it: in Development, where the playground is on.
        using var host = HostProcess.Start(settings, folder, environment: "Development");
        using var api = host.Client(ApiKey);
        await host.WaitHealthyAsync(api);
        var screenshot = Environment.GetEnvironmentVariable("PLAYGROUND_SCREENSHOT") is { Length: > 0 } wanted
            ? Path.GetFullPath(wanted)
            : Path.Combine(folder, "playground.png");

        var run = await CardTools.RunOwnScriptAsync(
            Path.Combine(CardTools.Root, "tests", "SignOffBot.Host.Tests", "Playground", "walkthrough.mjs"),
            WalkthroughTimeout,
            host.BaseAddress.ToString().TrimEnd('/'),
            screenshot);

        var shown = $"exit {run.ExitCode}\n{run.StdOut}\n{run.StdErr}\nhost log (tail):\n{Tail(host.Log)}";
        Assert.True(run.ExitCode == 0, shown);
        Assert.Contains("walkthrough: ok", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(14, run.StdOut.Split('\n').Count(l => l.StartsWith("step: ", StringComparison.Ordinal)));
        Assert.Contains("refusal shown: The medium-risk review policy does not allow the final approval yet", run.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"evidence refusal shown: The medium-risk review policy does not allow the final approval yet: .*the model card is missing", run.StdOut);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(screenshot)).Take(4).ToArray());

        // What the clicks did is in the store: approved by Chen, and the audit chain verifies.
        var check = await ApiJson.ReadAsync(await api.GetAsync("/api/v1/deploy-check?item=fraud-detection/churn-xgb@7&infrastructure=prod-api"));
        Assert.Equal("allowed", (string?)check["decision"]);
        Assert.Equal("chen@example.com", (string?)check["approvedBy"]);
        // The fix-evidence step: approved after the owner added the model card, which the approval now stands on.
        var fixedCheck = await ApiJson.ReadAsync(await api.GetAsync("/api/v1/deploy-check?item=fraud-detection/churn-xgb@8&infrastructure=prod-api"));
        Assert.Equal("allowed", (string?)fixedCheck["decision"]);
        Assert.Equal("chen@example.com", (string?)fixedCheck["approvedBy"]);
        var verify = await ApiJson.ReadAsync(await api.GetAsync("/api/v1/audit/verify"));
        Assert.True((bool?)verify["ok"] == true, verify.ToJsonString());
    }

    private static string Tail(string log) => log.Length <= 4000 ? log : log[^4000..];
}
