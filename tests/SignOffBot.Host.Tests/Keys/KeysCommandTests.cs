using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SignOffBot.Host.Keys;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Keys;

/// <summary><c>signoffbot keys new &lt;name&gt; &lt;scope&gt;…</c> (SPEC section 7).</summary>
public sealed partial class KeysCommandTests
{
    [Fact]
    public void KeysNew_PrintsTheKeyOnce_AndAnEntryWhoseHashAndScopesMatch()
    {
        var run = Run("keys", "new", "ci", "items:write", "deploy:check");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var key = run.Key;
        Assert.Single(KeyPattern().Matches(run.Output));
        Assert.Equal(1, Occurrences(run.Output, key));
        var entry = run.Entry;
        Assert.Equal("ci", (string?)entry["Name"]);
        Assert.Equal(HostFixture.Sha256Hex(key), (string?)entry["Sha256"]);
        Assert.Equal(["items:write", "deploy:check"], entry["Scopes"]!.AsArray().Select(s => (string?)s));
        Assert.Contains($"Api__Keys__0__Sha256={HostFixture.Sha256Hex(key)}", run.Output, StringComparison.Ordinal);
        Assert.Contains("Api__Keys__0__Scopes__1=deploy:check", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysNew_WithProjectsAndActAs_PrintsTheLimitsInTheEntryAndAsVariables()
    {
        var run = Run("keys", "new", "fraud-ci", "items:write", "--projects", "fraud-detection,credit-scoring", "deploy:check", "--act-as=ana@example.com, group:model-risk");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var entry = run.Entry;
        Assert.Equal(["items:write", "deploy:check"], entry["Scopes"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(["fraud-detection", "credit-scoring"], entry["Projects"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(["ana@example.com", "group:model-risk"], entry["ActAs"]!.AsArray().Select(s => (string?)s));
        Assert.Contains("Api__Keys__0__Projects__1=credit-scoring", run.Output, StringComparison.Ordinal);
        Assert.Contains("Api__Keys__0__ActAs__1=group:model-risk", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Note: without", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysNew_WithoutLimits_LeavesThemOutAndSaysWhatThatMeans()
    {
        var run = Run("keys", "new", "ci", "items:write");

        Assert.Null(run.Entry["Projects"]);
        Assert.Null(run.Entry["ActAs"]);
        Assert.Contains("Note: without --projects the key can act on every project", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--projects")]
    [InlineData("--projects", "")]
    [InlineData("--projects=,")]
    [InlineData("--act-as", "--projects", "a")]
    [InlineData("--projects", "a", "--projects", "b")]
    [InlineData("--scopes", "a")]
    public void KeysNew_WithABadLimitOption_ExitsWith2AndTheUsage(params string[] options)
    {
        var run = Run(["keys", "new", "ci", "items:write", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(KeysCommand.Usage, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void KeysNew_WithLimitsButNoScope_ExitsWith2()
    {
        var run = Run("keys", "new", "ci", "--projects", "fraud-detection");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("at least one scope", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintedEntryWithLimits_InTheConfiguration_KeepsTheKeyToItsProjectAndPeople()
    {
        var run = Run("keys", "new", "fraud-ci", "items:write", "--projects", "fraud-detection", "--act-as", "dev@example.com");
        await using var app = new HostFixture();
        foreach (var line in run.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Api__Keys__0__", StringComparison.Ordinal)))
        {
            var (name, value) = (line[..line.IndexOf('=', StringComparison.Ordinal)], line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            app.Settings[name.Replace("Api__Keys__0__", "Api:Keys:3:", StringComparison.Ordinal).Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        var client = app.CreateClient(run.Key);
        var own = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "fraud-detection", name = "churn-xgb", version = "7", owner = "dev@example.com" }));
        var otherProject = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "credit-scoring", name = "pd", version = "1", owner = "dev@example.com" }));
        var otherPerson = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "fraud-detection", name = "churn-xgb", version = "8", owner = "ana@example.com" }));

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherProject.StatusCode);
        Assert.Contains("limited to projects fraud-detection", await otherProject.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, otherPerson.StatusCode);
        Assert.Contains("may act only as dev@example.com", await otherPerson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void KeysNew_TwoRuns_GiveDifferentKeys()
    {
        var first = Run("keys", "new", "ci", "audit:read");
        var second = Run("keys", "new", "ci", "audit:read");

        Assert.NotEqual(first.Key, second.Key);
        Assert.NotEqual((string?)first.Entry["Sha256"], (string?)second.Entry["Sha256"]);
        Assert.True(first.Key.Length >= 40, $"the key carries at least 32 random bytes: {first.Key}");
    }

    [Theory]
    [InlineData("keys", "new", "ci", "items:delete")]
    [InlineData("keys", "new", "ci", "items:write", "everything")]
    [InlineData("keys", "new", "ci")]
    [InlineData("keys", "new")]
    [InlineData("keys")]
    [InlineData("keys", "old", "ci", "items:write")]
    [InlineData("keys", "new", "--help", "items:write")]
    [InlineData("keys", "new", "--name", "items:write")]
    [InlineData("keys", "new", "ci", "ITEMS:WRITE")]
    [InlineData("keys", "rotate", "ci", "items:write")]
    public void KeysNew_WithAnUnknownScopeOrMissingArguments_ExitsWith2AndTheUsage(params string[] args)
    {
        var run = Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(KeysCommand.Usage, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
        Assert.DoesNotMatch(KeyPattern(), run.Error);
    }

    [Fact]
    public void KeysNew_UnknownScope_IsNamed()
    {
        var run = Run("keys", "new", "ci", "items:write", "items:delete");

        Assert.Contains("'items:delete'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintedEntry_InTheConfiguration_LetsThePrintedKeyRegisterAnItem()
    {
        var run = Run("keys", "new", "release-pipeline", "items:write");
        await using var app = new HostFixture();
        // The test application has keys 0 to 2; the printed entry becomes the fourth.
        app.Settings["Api:Keys:3:Name"] = (string?)run.Entry["Name"];
        app.Settings["Api:Keys:3:Sha256"] = (string?)run.Entry["Sha256"];
        var scopes = run.Entry["Scopes"]!.AsArray();
        for (var i = 0; i < scopes.Count; i++)
        {
            app.Settings[$"Api:Keys:3:Scopes:{i}"] = (string?)scopes[i];
        }

        var client = app.CreateClient(run.Key);
        var created = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "fraud-detection", name = "churn-xgb", version = "7", kind = "model", risk = "low", owner = "ana@example.com" }));
        var audit = await client.GetAsync("/api/v1/audit/verify");
        var wrongKey = await app.CreateClient(run.Key + "x").PostAsync("/api/v1/items", ApiJson.Body(new { project = "fraud-detection", name = "churn-xgb", version = "8", owner = "ana@example.com" }));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = await ApiJson.ReadAsync(created);
        Assert.Equal("fraud-detection/churn-xgb@7", (string?)item["key"]);
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
    }

    private static CommandRun Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = KeysCommand.Run(args, output, error);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    private static int Occurrences(string text, string value) => Regex.Matches(text, Regex.Escape(value)).Count;

    [GeneratedRegex("sob_[A-Za-z0-9_-]{20,}")]
    private static partial Regex KeyPattern();

    private sealed record CommandRun(int ExitCode, string Output, string Error)
    {
        public string Key => KeyPattern().Match(Output) is { Success: true } match
            ? match.Value
            : throw new Xunit.Sdk.XunitException($"no key printed:\n{Output}");

        /// <summary>The one <c>Api:Keys</c> entry of the printed JSON block.</summary>
        public JsonNode Entry
        {
            get
            {
                var start = Output.IndexOf('{', StringComparison.Ordinal);
                var end = Output.LastIndexOf('}');
                Assert.True(start >= 0 && end > start, $"no JSON entry printed:\n{Output}");
                var json = JsonNode.Parse(Output[start..(end + 1)])!;
                return Assert.Single(json["Api"]!["Keys"]!.AsArray())!;
            }
        }
    }
}
