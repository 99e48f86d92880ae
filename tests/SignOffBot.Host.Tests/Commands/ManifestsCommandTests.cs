using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using NJsonSchema;
using SignOffBot.Host.Manifests;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Commands;

/// <summary>
/// <c>signoffbot manifests teams|slack</c>: what they hand out is valid against the publishers' schemas (read here from
/// <c>../shared/schemas</c>, independently of the copy built into the host) and names the host; nothing is written
/// when it is not.
/// </summary>
public sealed class ManifestsCommandTests
{
    private const string AppId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private const string Host = "https://signoff.acme.test";

    private static readonly string SharedSchemas = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(HostProcess.RepoFile("SignOffBot.sln"))!, "..", "shared", "schemas"));

    [Fact]
    public async Task Teams_WritesAZip_WhoseManifestIsValid_WithBothIconsAtTheirSizes()
    {
        var zip = Path.Combine(TempFolder.Create(), "signoff-teams.zip");

        var run = CommandRun.Of("manifests", "teams", "--app-id", AppId, "--host", Host, "--out", zip);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains(zip, run.Output, StringComparison.Ordinal);
        Assert.Contains("valid against the Teams manifest schema v1.29", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{Host}/api/messages", run.Output, StringComparison.Ordinal);

        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        Assert.Equal((192, 192), PngSize(archive, "color.png"));
        Assert.Equal((32, 32), PngSize(archive, "outline.png"));

        var json = Read(archive, "manifest.json");
        var schema = await JsonSchema.FromFileAsync(Path.Combine(SharedSchemas, "teams", "MicrosoftTeams.schema.v1.29.json"));
        Assert.Empty(schema.Validate(json));

        var manifest = JsonNode.Parse(json)!.AsObject();
        Assert.Equal(AppId, (string?)manifest["id"]);
        Assert.Equal(AppId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(["signoff.acme.test"], manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        Assert.Equal($"{Host}/privacy", (string?)manifest["developer"]!["privacyUrl"]);
        Assert.Equal("SignOff", (string?)manifest["name"]!["short"]);
        Assert.DoesNotContain("example.com", json, StringComparison.Ordinal);
        Assert.DoesNotContain("00000000-0000-0000-0000-000000000000", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Teams_WithANameVersionAndLinks_PutsThemInTheManifest()
    {
        var zip = Path.Combine(TempFolder.Create(), "acme.zip");

        var run = CommandRun.Of(
            "manifests", "teams", $"--app-id={AppId}", "--host", Host + "/", "--out", zip, "--name", "Acme SignOff", "--version", "1.2.0",
            "--website-url", "https://acme.test/signoff", "--privacy-url=https://acme.test/privacy", "--terms-url", "https://acme.test/terms");

        Assert.Equal(0, run.ExitCode);
        using var archive = ZipFile.OpenRead(zip);
        var manifest = JsonNode.Parse(Read(archive, "manifest.json"))!;
        Assert.Equal("Acme SignOff", (string?)manifest["name"]!["short"]);
        Assert.Equal("1.2.0", (string?)manifest["version"]);
        Assert.Contains("mention @Acme SignOff in a channel", (string?)manifest["description"]!["full"], StringComparison.Ordinal);
        Assert.Equal("https://acme.test/signoff", (string?)manifest["developer"]!["websiteUrl"]);
        Assert.Equal("https://acme.test/privacy", (string?)manifest["developer"]!["privacyUrl"]);
        Assert.Equal("https://acme.test/terms", (string?)manifest["developer"]!["termsOfUseUrl"]);
    }

    [Fact]
    public void Teams_AManifestTheSchemaRefuses_Exits1_NamingEachProblem_AndWritesNothing()
    {
        var zip = Path.Combine(TempFolder.Create(), "signoff-teams.zip");

        var run = CommandRun.Of("manifests", "teams", "--app-id", AppId, "--host", Host, "--out", zip, "--name", new string('x', 31));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nothing was written", run.Error, StringComparison.Ordinal);
        Assert.Contains("name.short: StringTooLong", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(zip));
    }

    [Theory]
    [InlineData("--host", Host, "--out", "x.zip")]
    [InlineData("--app-id", "not-a-guid", "--host", Host, "--out", "x.zip")]
    [InlineData("--app-id", "00000000-0000-0000-0000-000000000000", "--host", Host, "--out", "x.zip")]
    [InlineData("--app-id", AppId, "--host", "http://signoff.acme.test", "--out", "x.zip")]
    [InlineData("--app-id", AppId, "--host", "https://signoff.acme.test/bot", "--out", "x.zip")]
    [InlineData("--app-id", AppId, "--host", Host)]
    [InlineData("--app-id", AppId, "--host", Host, "--out", "x.zip", "--version", "1.2")]
    [InlineData("--app-id", AppId, "--host", Host, "--out", "x.zip", "--privacy-url", "http://acme.test/privacy")]
    [InlineData("--app-id", AppId, "--host", Host, "--out", "x.zip", "--colour", "red")]
    public void Teams_BadArguments_Exit2_WithTheUsage(params string[] options)
    {
        var run = CommandRun.Of(["manifests", "teams", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Usage: " + ManifestsCommand.TeamsSynopsis, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists("x.zip"));
    }

    [Fact]
    public void Teams_BuiltWithoutTheSchema_Refuses_UnlessToldToSkipIt()
    {
        var zip = Path.Combine(TempFolder.Create(), "signoff-teams.zip");
        string[] args = ["manifests", "teams", "--app-id", AppId, "--host", Host, "--out", zip];

        var refused = WithoutSchemas(args);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("built without the Teams manifest schema v1.29", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--skip-schema", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(zip));

        var skipped = WithoutSchemas([.. args, "--skip-schema"]);
        Assert.Equal(0, skipped.ExitCode);
        Assert.Contains("not validated", skipped.Error, StringComparison.Ordinal);
        Assert.Contains("NOT validated", skipped.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(zip));
    }

    [Fact]
    public async Task Slack_PrintsAManifestValidAgainstTheSlackSchema_WithEveryRequestUrlOnTheHost()
    {
        var run = CommandRun.Of("manifests", "slack", "--host", "https://signoff.acme.test:8443");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var manifest = YamlJson.ToJson(run.Output);
        var schema = await JsonSchema.FromFileAsync(Path.Combine(SharedSchemas, "slack", "manifest.schema.1.0.0.json"));
        Assert.Empty(schema.Validate(manifest.ToJsonString()));

        Assert.Equal("https://signoff.acme.test:8443/slack/commands", (string?)manifest["features"]!["slash_commands"]![0]!["url"]);
        Assert.Equal("https://signoff.acme.test:8443/slack/interactions", (string?)manifest["settings"]!["interactivity"]!["request_url"]);
        Assert.Equal("https://signoff.acme.test:8443/slack/events", (string?)manifest["settings"]!["event_subscriptions"]!["request_url"]);
        Assert.DoesNotContain("example.com", run.Output, StringComparison.Ordinal);
        Assert.StartsWith("# Slack app manifest for SignOffBot at https://signoff.acme.test:8443", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_BuiltWithoutTheSchema_Refuses_UnlessToldToSkipIt()
    {
        var refused = WithoutSchemas(["manifests", "slack", "--host", Host]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("", refused.Output);
        Assert.Contains("built without the Slack manifest schema 1.0.0", refused.Error, StringComparison.Ordinal);

        var skipped = WithoutSchemas(["manifests", "slack", "--host", Host, "--skip-schema"]);
        Assert.Equal(0, skipped.ExitCode);
        Assert.Contains($"url: {Host}/slack/commands", skipped.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("manifests", "slack")]
    [InlineData("manifests", "slack", "--host", "signoff.acme.test")]
    [InlineData("manifests", "discord", "--host", Host)]
    [InlineData("manifests")]
    public void Slack_BadArguments_Exit2_WithTheUsage(params string[] args)
    {
        var run = CommandRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains(ManifestsCommand.SlackSynopsis, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTestBuild_HasBothSchemasBuiltIn()
    {
        // The default TeamsManifestSchema and SlackManifestSchema point at ../shared/schemas, present beside the repository.
        Assert.NotNull(ManifestSchema.Embedded(EmbeddedFiles.TeamsSchema, "teams"));
        Assert.NotNull(ManifestSchema.Embedded(EmbeddedFiles.SlackSchema, "slack"));
    }

    private static CommandRun WithoutSchemas(string[] args) =>
        CommandRun.Of((_, output, error) => ManifestsCommand.Run(args, output, error, (_, _) => null), args);

    private static string Read(ZipArchive archive, string name)
    {
        using var reader = new StreamReader(archive.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static (int Width, int Height) PngSize(ZipArchive archive, string name)
    {
        using var stream = archive.GetEntry(name)!.Open();
        var header = new byte[24];
        stream.ReadExactly(header);
        Assert.True(header.AsSpan(0, 8).SequenceEqual((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), $"{name} is not a PNG");
        Assert.Equal("IHDR"u8.ToArray(), header[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }
}
