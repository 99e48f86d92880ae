using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>Help and usage examples name the deployment's own project, categories, infrastructures and people.</summary>
public sealed class LiveHelpExamplesTests
{
    private static readonly GovernanceModel Deployment = new(
        [
            new Person("kim@corp.example", "Kim Lee", "U0KIM", null, "UTC"),
            new Person("raj@corp.example", "Raj Iyer", "U0RAJ", null, "UTC"),
        ],
        [],
        [
            new GovernedProject(
                "churn-platform", "Churn platform", ["kim@corp.example"], ["raj@corp.example"],
                [new FeedbackCategory("Model Risk", [new Assignee("kim@corp.example")]), new FeedbackCategory("SRE", [new Assignee("kim@corp.example")])],
                new Assignee("kim@corp.example"), [], [], RiskPolicies.Empty),
        ],
        [new Infrastructure("eu-prod", DeployPolicy.Prevent), new Infrastructure("eu-staging", DeployPolicy.Warn)]);

    [Theory]
    [InlineData("deploy-check", "Example: deploy-check churn-platform/churn-xgb@7 eu-prod")]
    [InlineData("confirm", "Example: confirm churn-platform/churn-xgb@7 eu-staging --reason")]
    [InlineData("re-request", "Example: re-request churn-platform/churn-xgb@7 \"Model Risk\" --reason")]
    [InlineData("delegate", "Example: delegate churn-platform/churn-xgb@7 SRE @raj")]
    public void HelpOnACommand_UsesTheLiveDirectory(string command, string example)
    {
        var help = CommandGrammar.Help(command, Deployment);

        Assert.Contains(example, help, StringComparison.Ordinal);
        Assert.DoesNotContain("fraud-detection", help, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryLiveExample_ParsesAgainstTheLiveDirectory()
    {
        foreach (var entry in CommandGrammar.Commands)
        {
            var example = CommandGrammar.ExampleFor(entry, Deployment);

            Assert.IsType<ParseResult.Parsed>(CommandParser.Parse(example, Deployment));
        }
    }

    [Fact]
    public void AUsageError_ShowsTheLiveExample()
    {
        var error = Assert.IsType<ParseResult.UsageError>(CommandParser.Parse("deploy-check churn-platform/churn-xgb@7", Deployment));

        Assert.Contains("Example: deploy-check churn-platform/churn-xgb@7 eu-prod", error.Usage, StringComparison.Ordinal);
    }
}
