using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SignOffBot.Host.Keys;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Startup;

/// <summary>SPEC section 7: <c>keys new &lt;name&gt; &lt;scope&gt;…</c> prints a key once and the Api:Keys entry that accepts it.</summary>
public sealed partial class KeysCommandTests
{
    [Fact]
    public void KeysNew_WithKnownScopes_PrintsAKeyAndAnEntryWhoseHashIsTheKeys()
    {
        var (exit, output, error) = Run("keys", "new", "ci", "items:write", "deploy:check");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var (key, entry) = Parse(output);
        Assert.Equal("ci", (string?)entry["Name"]);
        Assert.Equal(Sha256Hex(key), (string?)entry["Sha256"]);
        Assert.Equal(["items:write", "deploy:check"], entry["Scopes"]!.AsArray().Select(s => (string)s!).ToArray());
        Assert.Contains($"Api__Keys__0__Sha256={Sha256Hex(key)}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysNew_TwiceInARow_PrintsTwoDifferentStrongKeys()
    {
        var (first, _) = Parse(Run("keys", "new", "a", "audit:read").Output);
        var (second, _) = Parse(Run("keys", "new", "a", "audit:read").Output);

        Assert.NotEqual(first, second);
        Assert.True(first.Length >= 40, first);
    }

    [Theory]
    [InlineData("keys", "new", "ci", "items:write", "admin")]
    [InlineData("keys", "new", "ci", "ITEMS:WRITE")]
    [InlineData("keys", "new", "ci")]
    [InlineData("keys", "rotate", "ci", "items:write")]
    [InlineData("keys", "new", "--name", "items:write")]
    public void KeysNew_WithBadArguments_ExitsWith2AndUsageOnTheErrorWriterAndNoKey(params string[] args)
    {
        var (exit, output, error) = Run(args);

        Assert.Equal(2, exit);
        Assert.Contains(KeysCommand.Usage, error, StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.DoesNotContain("sob_", error, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysNew_WithAnUnknownScope_NamesTheScope()
    {
        var (_, _, error) = Run("keys", "new", "ci", "items:write", "admin");

        Assert.Contains("'admin'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysNew_PrintedEntryInConfiguration_AcceptsThePrintedKeyOverHttp()
    {
        var (exit, output, _) = Run("keys", "new", "release-pipeline", "items:write", "deploy:check");
        Assert.Equal(0, exit);
        var (key, entry) = Parse(output);

        await using var app = new SignOffBotApplication();
        app.Settings["Api:Keys:3:Name"] = (string?)entry["Name"];
        app.Settings["Api:Keys:3:Sha256"] = (string?)entry["Sha256"];
        var scopes = entry["Scopes"]!.AsArray();
        for (var i = 0; i < scopes.Count; i++)
        {
            app.Settings[$"Api:Keys:3:Scopes:{i}"] = (string?)scopes[i];
        }

        var client = app.CreateClient(key);
        var created = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "fraud-detection", name = "churn-xgb", version = "7", kind = "model", risk = "low", owner = "ana@example.com" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // The scopes printed are the scopes granted: audit:read was not asked for.
        var audit = await client.GetAsync("/api/v1/audit/verify");
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);

        var wrong = app.CreateClient(key + "x");
        var refused = await wrong.PostAsync("/api/v1/items", ApiJson.Body(new { project = "fraud-detection", name = "churn-xgb", version = "8", kind = "model", risk = "low", owner = "ana@example.com" }));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = KeysCommand.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The printed key, and the one Api:Keys entry of the printed JSON.</summary>
    private static (string Key, JsonNode Entry) Parse(string output)
    {
        var match = KeyLine().Match(output);
        Assert.True(match.Success, output);
        var start = output.IndexOf('{', StringComparison.Ordinal);
        var end = output.IndexOf("\n}", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, output);
        var json = JsonNode.Parse(output[start..(end + 2)])!;
        var entry = Assert.Single(json["Api"]!["Keys"]!.AsArray());
        return (match.Groups["key"].Value, entry!);
    }

    private static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [GeneratedRegex(@"^API key \(shown once, keep it secret\): (?<key>\S+)\r?$", RegexOptions.Multiline)]
    private static partial Regex KeyLine();
}
