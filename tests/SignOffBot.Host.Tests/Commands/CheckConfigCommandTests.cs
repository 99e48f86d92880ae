using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Commands;

/// <summary>
/// <c>signoffbot check-config [--config file]</c>: the checks a start runs, without starting: every mistake named with
/// its key and exit 1; exit 0 with a one-line summary; nothing opened.
/// </summary>
public sealed class CheckConfigCommandTests
{
    /// <summary>One mistake per section of <c>broken-config.json</c> (which .ci/run checks the published binary with too).</summary>
    private static readonly string[] BrokenKeys =
    [
        "Storage:Provider:",
        "Governance:Projects:0:Owners:0:",
        "Api:Keys:0:Sha256:",
        "Outbox:SlackPace:",
        "Reminders:FirstAfter:",
        "Slack:BotToken:",
        "Teams:AppId:",
        "Attestation:SigningKey:",
    ];

    private static readonly string BrokenConfig = HostProcess.RepoFile("tests", "SignOffBot.Host.Tests", "Commands", "broken-config.json");

    [Fact]
    public void ABrokenConfiguration_Exits1_NamingEveryKeyAtFault()
    {
        var run = CommandRun.Of("check-config", "--config", BrokenConfig);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("the host would not start", run.Error, StringComparison.Ordinal);
        var named = run.Error.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).Skip(1).ToList();
        foreach (var key in BrokenKeys)
        {
            Assert.Contains(named, line => line.StartsWith(key, StringComparison.Ordinal));
        }

        Assert.Equal(BrokenKeys.Length, named.Count);
        Assert.DoesNotContain("placeholder-client-secret", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("placeholder-signing-secret", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("placeholder-signing-key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSampleConfiguration_Exits0_WithAOneLineSummary()
    {
        var run = CommandRun.Of("check-config", "--config", HostProcess.RepoFile("appsettings.sample.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Configuration OK (", line, StringComparison.Ordinal);
        Assert.Contains("3 projects, 9 people", line, StringComparison.Ordinal);
        Assert.Contains("platforms on: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueTheBinderCannotConvert_IsNamed_AndDoesNotHideTheOtherSections()
    {
        var folder = TempFolder.Create();
        var config = Path.Combine(folder, "config.json");
        File.WriteAllText(config, """{ "Outbox": { "TeamsPace": "soon" }, "Reminders": { "MaxCount": -1 } }""");

        var run = CommandRun.Of("check-config", $"--config={config}");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'Outbox:TeamsPace'", run.Error, StringComparison.Ordinal);
        Assert.Contains("Reminders:MaxCount:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AValidConfiguration_OpensNoStore()
    {
        var folder = TempFolder.Create();
        var store = Path.Combine(folder, "store");
        var config = Path.Combine(folder, "config.json");
        File.WriteAllText(config, $$"""{ "Storage": { "LiteDb": { "Path": "{{Path.Combine(store, "signoff.db").Replace("\\", "\\\\", StringComparison.Ordinal)}}" } } }""");

        var run = CommandRun.Of("check-config", "--config", config);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("(the sample governance)", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(store), "check-config created the store's folder");
    }

    [Fact]
    public void AMissingFile_Exits1_NamingIt()
    {
        var missing = Path.Combine(TempFolder.Create(), "missing.json");

        var run = CommandRun.Of("check-config", "--config", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check-config", "--conf", "x.json")]
    [InlineData("check-config", "--config")]
    [InlineData("check-config", "x.json")]
    public void BadArguments_Exit2_WithTheUsage(params string[] args)
    {
        var run = CommandRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Usage: signoffbot check-config [--config <file>]", run.Error, StringComparison.Ordinal);
    }
}
