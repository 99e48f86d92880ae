using SignOffBot.Core.Conversations;
using SignOffBot.Core.Items;
using static SignOffBot.Core.Tests.Conversations.ParserDirectory;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>Defects found in the parser, each a test that states the right behaviour (skipped until fixed).</summary>
public sealed class CommandParserBugTests
{
    [Fact]
    public void Parse_never_throws_for_a_repeated_option()
    {
        var exception = Record.Exception(() => Parse("bypass fraud-detection/churn-xgb@7 prod-api --incident INC-1 --hours 4 --hours 5"));

        Assert.Null(exception);
    }

    [Fact]
    public void Parse_never_throws_for_an_option_without_value()
    {
        var exception = Record.Exception(() => Parse("bypass fraud-detection/churn-xgb@7 prod-api --incident INC-1 --hours"));

        Assert.Null(exception);
    }

    [Fact]
    public void Option_names_are_case_insensitive_like_command_names()
    {
        var register = Command<RegisterCommand>("register fraud-detection churn-xgb@7 --Risk high --KIND bundle");

        Assert.Equal(RiskLevel.High, register.Risk);
        Assert.Equal(ItemKind.Bundle, register.Kind);
        Assert.Equal(
            new BypassCommand(ChurnKey, "prod-api", "INC-311", 4),
            Command<BypassCommand>("bypass fraud-detection/churn-xgb@7 prod-api --Incident INC-311 --Hours 4"));
        Assert.Equal(
            "https://x.example.com",
            Command<IncidentReviewCommand>("incident-review fraud-detection/churn-xgb@7 prod-api \u2014Link https://x.example.com").Link);
    }

    [Fact]
    public void An_em_dash_option_is_not_taken_as_the_value_of_the_option_before_it()
    {
        var error = Error("register fraud-detection churn-xgb@7 \u2014ticket \u2014risk=high");

        Assert.Equal("--ticket needs a value.", error.Message);
        ShowsUsageOf(error, "register");
    }

    [Fact]
    public void An_empty_value_after_equals_is_an_option_without_value()
    {
        var error = Error("register fraud-detection churn-xgb@7 --risk=");

        Assert.Equal("--risk needs a value.", error.Message);
        ShowsUsageOf(error, "register");
    }

    [Fact]
    public void A_slack_link_after_equals_is_unescaped_too()
    {
        var review = Command<IncidentReviewCommand>("incident-review fraud-detection/churn-xgb@7 prod-api --link=<https://wiki.example.com/pir/311|PIR 311>");

        Assert.Equal("https://wiki.example.com/pir/311", review.Link);
    }

    [Fact]
    public void A_quoted_value_after_equals_is_one_value()
    {
        var bypass = Command<BypassCommand>("bypass fraud-detection/churn-xgb@7 prod-api --incident=\"INC 311\" --hours 4");

        Assert.Equal("INC 311", bypass.Incident);
    }
}
