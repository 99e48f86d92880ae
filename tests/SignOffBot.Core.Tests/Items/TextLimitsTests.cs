using SignOffBot.Core.Conversations;
using SignOffBot.Core.Items;
using SignOffBot.Core.Outcomes;
using SignOffBot.Core.Tests.Builders;
using SignOffBot.Core.Tests.Conversations;
using static SignOffBot.Core.Tests.Builders.TestGovernance;
using static SignOffBot.Core.Tests.Builders.TestItems;

namespace SignOffBot.Core.Tests.Items;

/// <summary>
/// The domain's length limits (<see cref="TextLimits"/>): comments and reasons 2,000 characters, incident ids 64,
/// item names and versions 100. Each refusal names the limit and changes nothing, whatever the surface.
/// </summary>
public sealed class TextLimitsTests
{
    private static readonly DateTimeOffset At = T0.AddHours(1);

    /// <summary>Prose of exactly <paramref name="length"/> characters, with no space at either end.</summary>
    private static string Text(int length) => string.Concat(Enumerable.Repeat("Recall is fine. ", (length / 16) + 1))[..(length - 1)] + ".";

    [Theory]
    [InlineData(FeedbackAnswerKind.Approve)]
    [InlineData(FeedbackAnswerKind.MajorIssue)]
    public void SubmitFeedback_WithA2001CharacterComment_IsRefusedNamingTheLimit(FeedbackAnswerKind answer)
    {
        var item = FeedbackRequested();

        var violation = Expect.Refused(item.SubmitFeedback(Model, Ops, ItOps, answer, Text(2001), At), item, "comment-too-long");

        Assert.Equal(RefusalKind.Invalid, violation.Kind);
        Assert.Equal("A comment is at most 2,000 characters; this one has 2,001. Shorten it, or link to a longer document.", violation.Message);
    }

    [Fact]
    public void SubmitFeedback_WithA2000CharacterComment_IsApplied()
    {
        var comment = Text(2000);

        var change = FeedbackRequested().SubmitFeedback(Model, Ops, ItOps, FeedbackAnswerKind.MinorIssue, comment, At);

        Assert.Equal(comment, Expect.AppliedOneEvent(change.Outcome).Comment);
    }

    [Fact]
    public void SubmitFeedback_CountsTheCommentAsStored_WithoutTheSpacesAround()
    {
        var change = FeedbackRequested().SubmitFeedback(Model, Ops, ItOps, FeedbackAnswerKind.MinorIssue, "  " + Text(2000) + "\n ", At);

        Expect.AppliedOneEvent(change.Outcome);
    }

    [Theory]
    [InlineData(FinalDecisionKind.Approve)]
    [InlineData(FinalDecisionKind.Reject)]
    public void Decide_WithA2001CharacterComment_IsRefusedNamingTheLimit(FinalDecisionKind decision)
    {
        var item = InState(SignOffState.FinalApprovalRequested);

        var violation = Expect.Refused(item.Decide(Model, Ben, decision, Text(2001), At), item, "comment-too-long");

        Assert.StartsWith("A comment is at most 2,000 characters", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WithA2000CharacterComment_IsApplied()
    {
        var change = InState(SignOffState.FinalApprovalRequested).Decide(Model, Ben, FinalDecisionKind.Reject, Text(2000), At);

        Assert.Equal(2000, Expect.AppliedOneEvent(change.Outcome).Comment!.Length);
    }

    [Fact]
    public void Register_WithA101CharacterName_IsRefusedNamingTheLimit()
    {
        var (outcome, item) = Item.Register(Model, Dev, new ItemKey(ProjectKey, new string('n', 101), "7"), ItemKind.Model, RiskLevel.Low, FullEvidence, T0);

        Assert.Null(item);
        Assert.Equal("An item name is at most 100 characters; this one has 101.", Expect.Refused(outcome, "name-too-long").Message);
    }

    [Fact]
    public void Register_WithA101CharacterVersion_IsRefusedNamingTheLimit()
    {
        var (outcome, _) = Item.Register(Model, Dev, new ItemKey(ProjectKey, "churn-xgb", new string('7', 101)), ItemKind.Model, RiskLevel.Low, FullEvidence, T0);

        Assert.Equal("An item version is at most 100 characters; this one has 101.", Expect.Refused(outcome, "version-too-long").Message);
    }

    [Fact]
    public void Register_WithA100CharacterNameAndVersion_IsApplied_AndItsKeyParses()
    {
        var key = new ItemKey(ProjectKey, new string('n', 100), "1." + new string('9', 98));

        var item = Registered(key: key);

        Assert.True(ItemKey.TryParse(item.Key.ToString(), out var parsed));
        Assert.Equal(key, parsed);
    }

    [Theory]
    [InlineData("fraud-detection/churn-xgb@7", null)]
    [InlineData("churn-xgb", null)]
    [InlineData("fraud-detection/{101}@7", "name-too-long")]
    [InlineData("fraud-detection/churn-xgb@{101}", "version-too-long")]
    [InlineData(" fraud-detection/{101}@{101} ", "name-too-long")]
    public void LengthRefusal_OfAKeyText_NamesTheSegmentOverItsLimit(string text, string? rule)
    {
        text = text.Replace("{101}", new string('a', 101), StringComparison.Ordinal);

        Assert.Equal(rule, ItemKey.LengthRefusal(text)?.Rule);
        Assert.False(rule is not null && ItemKey.TryParse(text, out _));
    }

    [Fact]
    public void Chat_RegisterWithA101CharacterName_AnswersTheRefusalNamingTheLimit()
    {
        var chat = new ChatFixture();

        var body = ChatFixture.Private(chat.Say(Dev, $"register fraud-detection {new string('n', 101)}@7"));

        Assert.StartsWith("An item name is at most 100 characters; this one has 101.", body, StringComparison.Ordinal);
        Assert.Equal(0, chat.AuditCount);
    }

    [Fact]
    public void Chat_AnItemKeyWithA101CharacterVersion_AnswersTheRefusalNamingTheLimit()
    {
        var body = ChatFixture.Private(new ChatFixture().Say(Dev, $"status fraud-detection/churn-xgb@{new string('7', 101)}"));

        Assert.StartsWith("An item version is at most 100 characters; this one has 101.", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Chat_APressWithA2001CharacterComment_AnswersTheRefusalPrivately()
    {
        var chat = new ChatFixture();
        chat.Register();
        chat.RequestFeedback();
        var audit = chat.AuditCount;

        var body = ChatFixture.Private(chat.Press(Biz, ReviewVerb.FeedbackMinorIssue, ChatFixture.ItemText, Business, Text(2001)));

        Assert.Equal("A comment is at most 2,000 characters; this one has 2,001. Shorten it, or link to a longer document.", body);
        Assert.Equal(audit, chat.AuditCount);
    }

    [Fact]
    public void Chat_ABypassWithA65CharacterIncident_IsRefusedNamingTheLimit_And64IsAccepted()
    {
        var chat = new ChatFixture();
        chat.Register();
        var audit = chat.AuditCount;

        var refused = ChatFixture.Private(chat.Say(Dev, $"bypass {ChatFixture.ItemText} {Prod} --incident INC-{new string('1', 61)} --hours 2"));
        var accepted = chat.Say(Dev, $"bypass {ChatFixture.ItemText} {Prod} --incident INC-{new string('1', 60)} --hours 2");

        Assert.Equal("An incident id is at most 64 characters; this one has 65. Give the ticket's id, such as INC-311.", refused);
        Assert.StartsWith("Emergency bypass ", ChatFixture.Text(accepted), StringComparison.Ordinal);
        Assert.Equal(audit + 1, chat.AuditCount);
    }

    // PostgreSQL keeps no NUL in text or jsonb; the domain refuses it for every store, so both record the same things.
    [Fact]
    public void SubmitFeedbackAndDecide_WithANulInTheComment_AreRefusedSayingSo()
    {
        var requested = FeedbackRequested();
        var finalRequested = InState(SignOffState.FinalApprovalRequested);

        var feedback = Expect.Refused(requested.SubmitFeedback(Model, Ops, ItOps, FeedbackAnswerKind.MinorIssue, "Recall\0 is fine.", At), requested, "nul-character");
        var decision = Expect.Refused(finalRequested.Decide(Model, Ben, FinalDecisionKind.Reject, "Recall\0 is low.", At), finalRequested, "nul-character");

        Assert.Equal(RefusalKind.Invalid, feedback.Kind);
        Assert.Equal("A comment holds a NUL character (U+0000), which cannot be recorded. Send it again without it.", feedback.Message);
        Assert.Equal(feedback.Message, decision.Message);
    }

    [Fact]
    public void Withdraw_WithANulInTheReason_IsRefusedSayingSo()
    {
        var item = FeedbackRequested();

        var violation = Expect.Refused(item.Withdraw(Model, Dev, [Business], "scope\0 changed", At), item, "nul-character");

        Assert.Equal("A reason holds a NUL character (U+0000), which cannot be recorded. Send it again without it.", violation.Message);
    }

    [Fact]
    public void Chat_ABypassWithANulInTheIncident_IsRefusedSayingSo_AndRecordsNothing()
    {
        var chat = new ChatFixture();
        chat.Register();
        var audit = chat.AuditCount;

        var refused = ChatFixture.Private(chat.Say(Dev, $"bypass {ChatFixture.ItemText} {Prod} --incident INC-1\0 --hours 2"));

        Assert.Equal("An incident id holds a NUL character (U+0000), which cannot be recorded. Send it again without it.", refused);
        Assert.Equal(audit, chat.AuditCount);
    }
}
