using SignOffBot.Core.Conversations;
using SignOffBot.Core.Governance;
using SignOffBot.Core.Items;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>A small directory of people for the command parser tests, and helpers to parse against it.</summary>
internal static class ParserDirectory
{
    public const string Ana = "ana@example.com";
    public const string Ben = "ben@example.com";
    public const string Chen = "chen.wei@example.com";
    public const string Dana = "dana@example.com";

    /// <summary>The item key every test uses, <c>fraud-detection/churn-xgb@7</c>.</summary>
    public const string ItemText = "fraud-detection/churn-xgb@7";

    public static ItemKey ChurnKey { get; } = new("fraud-detection", "churn-xgb", "7");

    public static GovernanceModel Model { get; } = new(
        [
            new Person(Ana, "Ana Ortiz", "U0ANA", "aad-ana", "Europe/Madrid"),
            new Person(Ben, "Ben Dahl", "U0BEN", "aad-ben", "Europe/Oslo"),
            new Person(Chen, "Chen Wei", "W0CHEN", null, "Asia/Shanghai"),

            // Dana has no Slack account: Slack mentions can never resolve to her.
            new Person(Dana, "Dana Scully", null, "aad-dana", "America/New_York"),
        ],
        [new Group("risk-office", [Ana, Ben])],
        [],
        [new Infrastructure("prod-api", DeployPolicy.Prevent)]);

    public static ParseResult Parse(string? text) => CommandParser.Parse(text, Model);

    /// <summary>Parses <paramref name="text"/> and asserts it gives a command of type <typeparamref name="T"/>.</summary>
    public static T Command<T>(string text)
        where T : ChatCommand
    {
        var result = Parse(text);
        if (result is ParseResult.UsageError error)
        {
            Assert.Fail($"Expected '{text}' to parse, got a usage error: {error.Text}");
        }

        var parsed = Assert.IsType<ParseResult.Parsed>(result);
        return Assert.IsType<T>(parsed.Command);
    }

    /// <summary>Parses <paramref name="text"/> and asserts it gives a usage error.</summary>
    public static ParseResult.UsageError Error(string? text)
    {
        var result = Parse(text);
        if (result is ParseResult.Parsed parsed)
        {
            Assert.Fail($"Expected '{text}' to be a usage error, got {parsed.Command}");
        }

        return Assert.IsType<ParseResult.UsageError>(result);
    }

    /// <summary>The first line of the usage text of a command, written out as SPEC section 4 has it.</summary>
    public static string UsageLine(string command) => "Usage: " + command switch
    {
        "help" => "help [command]",
        "register" => "register <project> <name>@<version> [--kind model|bundle] [--risk low|medium|high] [--model-card URL] [--report URL] [--rollback URL] [--ticket ID]",
        "request-feedback" => "request-feedback <item> [category…]",
        "request-final" => "request-final <item>",
        "status" => "status <item>",
        "pending" => "pending",
        "delegate" => "delegate <item> <category|final> <@person>",
        "deploy-check" => "deploy-check <item> <infrastructure> [--attest [--digest sha256:<hex>]]",
        "bypass" => "bypass <item> <infrastructure> --incident <ticket> --hours <n>",
        "incident-review" => "incident-review <item> <infrastructure> --link <url>",
        "audit" => "audit <item>",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not a command of SPEC section 4"),
    };

    /// <summary>Asserts that the error shows the right form of <paramref name="command"/> (and not the overview).</summary>
    public static void ShowsUsageOf(ParseResult.UsageError error, string command)
    {
        var lines = error.Usage.Split('\n');
        Assert.Equal(UsageLine(command), lines[0]);
        Assert.StartsWith("Example: " + command, lines[1], StringComparison.Ordinal);
        Assert.Contains(error.Message, error.Text, StringComparison.Ordinal);
        Assert.Contains(UsageLine(command), error.Text, StringComparison.Ordinal);
    }
}
