using System.Net;
using SignOffBot.Host.Commands;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Commands;

/// <summary>The <c>signoffbot</c> dispatcher: a command's name runs it, anything else starts the host as before.</summary>
public sealed class OperatorCommandsTests
{
    [Fact]
    public void Help_ListsEveryCommand_WithEachOfItsForms()
    {
        var run = CommandRun.Of("help");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains("signoffbot [--config <file>]", run.Output, StringComparison.Ordinal);
        Assert.Equal(["help", "keys", "manifests", "check-config"], OperatorCommands.All.Take(4).Select(c => c.Name));
        foreach (var command in OperatorCommands.All)
        {
            Assert.NotEmpty(command.Usage);
            foreach (var usage in command.Usage)
            {
                Assert.StartsWith($"signoffbot {command.Name}", usage, StringComparison.Ordinal);
                Assert.Contains($"  {usage}\n", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            }

            Assert.Contains(command.Summary, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CommandNames_AreDistinct()
    {
        Assert.Equal(OperatorCommands.All.Count, OperatorCommands.All.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("help")]
    [InlineData("keys", "new", "ci", "deploy:check")]
    [InlineData("manifests", "slack")]
    [InlineData("check-config")]
    [InlineData("store", "copy", "--from", "litedb:data/signoff.db", "--to", "postgres:Host=db.example.com")]
    [InlineData("verify", "audit", "audit.jsonl")]
    public void ACommandsName_SelectsIt(params string[] args)
    {
        Assert.Equal(args[0], OperatorCommands.Find(args)?.Name);
    }

    [Theory]
    [InlineData]
    [InlineData("--config", "keys.json")]
    [InlineData("--urls", "http://127.0.0.1:5000")]
    [InlineData("--environment=Development", "--contentRoot=/tmp")]
    [InlineData("--Storage:LiteDb:Path=/data/signoff.db")]
    [InlineData("Help")]
    [InlineData("serve")]
    public void AnythingElse_IsLeftToTheHost(params string[] args)
    {
        Assert.Null(OperatorCommands.Find(args));
    }

    [Fact]
    public async Task TheEntryPoint_WithHostArguments_StillStartsTheHost()
    {
        // WebApplicationFactory runs Program's entry point with host arguments (--environment=…, --contentRoot=…).
        await using var app = new HostFixture();

        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
