using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SignOffBot.Host.Manifests;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Api;

/// <summary>
/// docs/ci.md: its pipelines for GitHub Actions, GitLab CI and Azure Pipelines are YAML each system can read (one
/// document, the shape each expects), wait for the decision with an attestation, keep it, verify it offline, and hand
/// the API key to curl on its standard input; their shell scripts parse.
/// </summary>
public sealed partial class CiSnippetsTests
{
    private static readonly Lazy<IReadOnlyList<string>> Blocks = new(() =>
        [.. YamlBlock().Matches(File.ReadAllText(HostProcess.RepoFile("docs", "ci.md"))).Select(m => m.Groups[1].Value)]);

    [Fact]
    public void TheDoc_HasOnePipelinePerCiSystem_EachOneYamlMapping()
    {
        Assert.Equal(3, Blocks.Value.Count);
        Assert.All(Blocks.Value, block => Assert.NotEmpty(YamlJson.ToJson(block)));
    }

    [Fact]
    public void GitHubActions_EveryJobRunsOnARunner_AndEveryStepUsesAnActionOrRunsAScript()
    {
        var workflow = YamlJson.ToJson(Blocks.Value[0]);

        Assert.NotNull(workflow["on"]);
        var jobs = workflow["jobs"]!.AsObject();
        Assert.Equal(["build", "deploy-check", "deploy"], jobs.Select(j => j.Key));
        foreach (var (name, job) in jobs)
        {
            Assert.True(job!["runs-on"] is JsonValue, name);
            Assert.All(job["steps"]!.AsArray(), step => Assert.True(step!["uses"] is null != step["run"] is null, $"{name}: {step.ToJsonString()}"));
        }

        Assert.Equal("${{ secrets.SIGNOFFBOT_KEY }}", (string?)jobs["deploy-check"]!["steps"]![1]!["env"]!["SIGNOFFBOT_KEY"]);
        AssertThePipeline(Scripts(workflow));
    }

    [Fact]
    public void GitLabCi_EveryJobIsInADeclaredStage_AndHasAScript()
    {
        var pipeline = YamlJson.ToJson(Blocks.Value[1]);

        var stages = pipeline["stages"]!.AsArray().Select(s => (string?)s).ToList();
        var jobs = pipeline.Where(p => p.Key is not ("stages" or "variables")).ToList();
        Assert.Equal(["build", "deploy-check", "verify-attestation", "deploy"], jobs.Select(j => j.Key));
        Assert.Equal(stages, jobs.Select(j => (string?)j.Value!["stage"]));
        Assert.All(jobs, j => Assert.NotEmpty(j.Value!["script"]!.AsArray()));
        Assert.DoesNotContain("SIGNOFFBOT_KEY", pipeline["variables"]!.AsObject().Select(v => v.Key));
        AssertThePipeline(Scripts(pipeline));
    }

    [Fact]
    public void AzurePipelines_EveryStageHasJobsWithSteps_AndTheKeyReachesOnlyTheScriptThatAsks()
    {
        var pipeline = YamlJson.ToJson(Blocks.Value[2]);

        var stages = pipeline["stages"]!.AsArray();
        Assert.Equal(["build", "gate", "deploy"], stages.Select(s => (string?)s!["stage"]));
        Assert.All(stages, s => Assert.All(s!["jobs"]!.AsArray(), j => Assert.NotEmpty(j!["steps"]!.AsArray())));
        var withKey = stages.SelectMany(s => s!["jobs"]!.AsArray()).SelectMany(j => j!["steps"]!.AsArray())
            .Where(step => step!["env"]?["SIGNOFFBOT_KEY"] is not null).ToList();
        Assert.Equal("$(SIGNOFFBOT_KEY)", (string?)Assert.Single(withKey)!["env"]!["SIGNOFFBOT_KEY"]);
        AssertThePipeline(Scripts(pipeline));
    }

    [Fact]
    public void EveryScript_IsValidShell()
    {
        if (!File.Exists("/bin/sh"))
        {
            return;
        }

        foreach (var script in Blocks.Value.SelectMany(b => Scripts(YamlJson.ToJson(b))))
        {
            using var sh = Process.Start(new ProcessStartInfo("/bin/sh", ["-n"]) { RedirectStandardInput = true, RedirectStandardError = true })!;
            sh.StandardInput.Write(script);
            sh.StandardInput.Close();
            var errors = sh.StandardError.ReadToEnd();
            Assert.True(sh.WaitForExit(10_000), "sh -n did not finish");
            Assert.True(sh.ExitCode == 0, $"{errors}\n{script}");
        }
    }

    /// <summary>Gate, artifact and offline verification, whatever the system.</summary>
    private static void AssertThePipeline(IReadOnlyList<string> scripts)
    {
        var all = string.Join('\n', scripts);
        var gate = Assert.Single(scripts, s => s.Contains("/api/v1/deploy-check", StringComparison.Ordinal));
        foreach (var part in new[] { "\"wait=600\"", "\"attest=true\"", "\"digest=$DIGEST\"", "--max-time 660", "--retry", "-H @-",
            "jq -r .attestation answer.json > attestation.json", "test \"$(jq -r .decision answer.json)\" = allowed" })
        {
            Assert.Contains(part, gate, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Bearer $SIGNOFFBOT_KEY", all, StringComparison.Ordinal);
        Assert.Contains("verify attestation attestation.json", all, StringComparison.Ordinal);
        Assert.Matches(@"--jwks \S+ --item ""\$ITEM"" --digest ""\$DIGEST""", all);
    }

    /// <summary>Every shell script of a pipeline: GitHub's <c>run</c>, GitLab's script lines (one script per job), Azure's <c>script</c>.</summary>
    private static List<string> Scripts(JsonNode? node) => node switch
    {
        JsonObject o when o["script"] is JsonArray lines => [string.Join('\n', lines.Select(l => (string?)l))],
        JsonObject o => [.. o.Where(p => p.Key is "run" or "script" && p.Value is JsonValue).Select(p => (string)p.Value!),
            .. o.Where(p => p.Value is JsonObject or JsonArray).SelectMany(p => Scripts(p.Value))],
        JsonArray a => [.. a.SelectMany(Scripts)],
        _ => [],
    };

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
