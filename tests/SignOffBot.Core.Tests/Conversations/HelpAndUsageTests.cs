using SignOffBot.Core.Conversations;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Conversations.ChatFixture;

namespace SignOffBot.Core.Tests.Conversations;

/// <summary>SPEC section 4: help lists the commands; bad input gets a short private answer with the right form; nothing changes.</summary>
public sealed class HelpAndUsageTests
{
    private readonly ChatFixture _chat = new();

    public static TheoryData<string> SpecCommands => new()
    {
        "help", "register", "request-feedback", "request-final", "status", "pending",
        "delegate", "deploy-check", "bypass", "incident-review", "audit",
    };

    [Theory]
    [MemberData(nameof(SpecCommands))]
    public void Help_ListsEveryCommandOfTheSpec(string command)
    {
        var body = Private(_chat.Say(Eve, "help"));

        var lines = body.Split('\n');
        Assert.Contains(lines, line => line == $"  {command}" || line.StartsWith($"  {command} ", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_IsPrivateAndChangesNothing()
    {
        _chat.Register();
        var before = _chat.AuditCount;

        var body = Private(_chat.Say(Dev, "help"));

        Assert.StartsWith("Commands:\n", body, StringComparison.Ordinal);
        Assert.Contains("Items are keyed <project>/<name>@<version>, e.g. fraud-detection/churn-xgb@7.", body, StringComparison.Ordinal);
        Assert.Equal(before, _chat.AuditCount);
    }

    [Fact]
    public void HelpOnACommand_ShowsItsFormAndAnExample()
    {
        var body = Private(_chat.Say(Eve, "help bypass"));

        Assert.Equal(
            "bypass <item> <infrastructure> --incident <ticket> --hours <n>\n"
            + "asks the on-call approvers for an emergency bypass (at most 24 h)\n"
            + "Example: bypass fraud-detection/churn-xgb@7 prod-api --incident INC-311 --hours 4",
            body);
    }

    [Fact]
    public void UnknownCommand_IsAPrivateUsageReplyWithTheCommandListAndChangesNothing()
    {
        _chat.Register();
        var before = _chat.Item;
        var audit = _chat.AuditCount;

        var body = Private(_chat.Say(Ben, $"approve {ItemText}"));

        Assert.StartsWith("Unknown command 'approve'.\nCommands:\n", body, StringComparison.Ordinal);
        Assert.Contains("  request-final <item>", body, StringComparison.Ordinal);
        Assert.Equal(audit, _chat.AuditCount);
        Assert.Same(before, _chat.Item);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyMessage_AsksForACommand(string text)
    {
        var body = Private(_chat.Say(Dev, text));

        Assert.StartsWith("Type a command.\nCommands:\n", body, StringComparison.Ordinal);
        Assert.Equal(0, _chat.AuditCount);
    }

    [Theory]
    [InlineData("register fraud-detection", "register needs 2 arguments, got 1.", "Usage: register <project> <name>@<version>")]
    [InlineData("register fraud-detection churn-xgb@8 --risk extreme", "--risk is low, medium or high, not 'extreme'.", "Usage: register <project> <name>@<version>")]
    [InlineData("register fraud-detection churn-xgb@8 --colour red", "register has no option --colour.", "Usage: register ")]
    [InlineData("status churn-xgb", "'churn-xgb' is not an item key; items are keyed <project>/<name>@<version>, e.g. fraud-detection/churn-xgb@7.", "Usage: status <item>")]
    [InlineData("request-final", "request-final needs an item.", "Usage: request-final <item>")]
    [InlineData("deploy-check fraud-detection/churn-xgb@7", "deploy-check needs 2 arguments, got 1.", "Usage: deploy-check <item> <infrastructure>")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api --incident INC-311 --hours four", "--hours takes a whole number of hours from 1 to 24, not 'four'.", "Usage: bypass ")]
    [InlineData("bypass fraud-detection/churn-xgb@7 prod-api --hours 4", "bypass needs --incident.", "Usage: bypass ")]
    [InlineData("incident-review fraud-detection/churn-xgb@7 prod-api", "incident-review needs --link.", "Usage: incident-review ")]
    [InlineData("delegate fraud-detection/churn-xgb@7 Business @nobody", "No person in the directory matches '@nobody'.", "Usage: delegate ")]
    [InlineData("pending now", "pending takes no arguments; 'now' is one too many.", "Usage: pending")]
    public void BadInput_IsAPrivateAnswerNamingTheProblemAndTheRightFormAndChangesNothing(string text, string problem, string usage)
    {
        _chat.Register();
        _chat.RequestFeedback();
        var before = _chat.Item;
        var audit = _chat.AuditCount;

        var body = Private(_chat.Say(Dev, text));

        Assert.StartsWith(problem + "\n" + usage, body, StringComparison.Ordinal);
        Assert.Contains("\nExample: ", body, StringComparison.Ordinal);
        Assert.Equal(audit, _chat.AuditCount);
        Assert.Same(before, _chat.Item);
        Assert.Null(_chat.Store.FindItem(Key with { Version = "8" }));
    }

    [Fact]
    public void AnswerButtons_HaveTheWireNamesAndTitlesSurfacesRender()
    {
        var expected = new (ReviewVerb Verb, string Name, string Title, bool NeedsComment)[]
        {
            (ReviewVerb.FeedbackApprove, "feedback.approve", "Approve", false),
            (ReviewVerb.FeedbackMinorIssue, "feedback.minor-issue", "Minor issue", true),
            (ReviewVerb.FeedbackMajorIssue, "feedback.major-issue", "Major issue", true),
            (ReviewVerb.FinalApprove, "final.approve", "Approve", false),
            (ReviewVerb.FinalReject, "final.reject", "Reject", true),
            (ReviewVerb.FinalAbandon, "final.abandon", "Abandon", true),
            (ReviewVerb.BypassGrant, "bypass.grant", "Grant", false),
            (ReviewVerb.BypassDeny, "bypass.deny", "Deny", false),
        };

        foreach (var (verb, name, title, needsComment) in expected)
        {
            Assert.Equal(name, ReviewVerbs.Name(verb));
            Assert.Equal(title, ReviewVerbs.Title(verb));
            Assert.Equal(needsComment, ReviewVerbs.NeedsComment(verb));
            Assert.True(ReviewVerbs.TryParse(name, out var parsed));
            Assert.Equal(verb, parsed);
        }

        Assert.Equal(Enum.GetValues<ReviewVerb>().Length, expected.Length);
        Assert.False(ReviewVerbs.TryParse("feedback.APPROVE", out _));
        Assert.False(ReviewVerbs.TryParse(null, out _));
    }
}
