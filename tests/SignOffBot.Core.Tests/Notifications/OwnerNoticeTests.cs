using SignOffBot.Core.Notifications;
using SignOffBot.Core.Items;
using SignOffBot.Core.Tests.Builders;
using static SignOffBot.Core.Tests.Builders.TestGovernance;

namespace SignOffBot.Core.Tests.Notifications;

/// <summary>The item's owner hears privately of every major issue and of the final decision, not of their own actions.</summary>
public sealed class OwnerNoticeTests
{
    [Fact]
    public void MajorIssue_TellsTheOwnerPrivately_WithWhoWhereAndTheComment()
    {
        var bench = new WorkflowFixture();
        bench.Register();
        WorkflowFixture.Applied(bench.SignOffs.RequestFeedback(TestItems.Key, [], WorkflowFixture.As(Dev)));
        var before = bench.Store.Notices.Count;

        WorkflowFixture.Applied(bench.SignOffs.SubmitFeedback(TestItems.Key, Business, FeedbackAnswerKind.MajorIssue, "Churn label is off by a month.", WorkflowFixture.As(Biz)));

        var line = Assert.Single(bench.Store.Notices.Skip(before).OfType<PrivateTextNotice>());
        Assert.Equal(Dev, line.Person.Value);
        Assert.Equal(TestItems.Key.ToString(), line.Item);
        Assert.Contains($"{BizName} raised a major issue on {Business}", line.Text, StringComparison.Ordinal);
        Assert.Contains("Churn label is off by a month.", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_DoesNotWriteToTheOwner()
    {
        var bench = new WorkflowFixture();
        bench.Register();
        WorkflowFixture.Applied(bench.SignOffs.RequestFeedback(TestItems.Key, [], WorkflowFixture.As(Dev)));
        var before = bench.Store.Notices.Count;

        WorkflowFixture.Applied(bench.SignOffs.SubmitFeedback(TestItems.Key, Business, FeedbackAnswerKind.Approve, "Looked at it.", WorkflowFixture.As(Biz)));

        Assert.Empty(bench.Store.Notices.Skip(before).OfType<PrivateTextNotice>());
    }

    [Fact]
    public void MinorIssue_TellsTheOwnerPrivately()
    {
        var bench = new WorkflowFixture();
        bench.Register();
        WorkflowFixture.Applied(bench.SignOffs.RequestFeedback(TestItems.Key, [], WorkflowFixture.As(Dev)));
        var before = bench.Store.Notices.Count;

        WorkflowFixture.Applied(bench.SignOffs.SubmitFeedback(TestItems.Key, Business, FeedbackAnswerKind.MinorIssue, "Typo in the card.", WorkflowFixture.As(Biz)));

        var line = Assert.Single(bench.Store.Notices.Skip(before).OfType<PrivateTextNotice>());
        Assert.Equal(Dev, line.Person.Value);
        Assert.Contains("raised a minor issue on Business", line.Text, StringComparison.Ordinal);
        Assert.Contains("Typo in the card.", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void FinalDecision_TellsTheOwnerPrivately()
    {
        var bench = new WorkflowFixture();
        bench.Register();
        WorkflowFixture.Applied(bench.SignOffs.RequestFinal(TestItems.Key, WorkflowFixture.As(Dev)));
        var before = bench.Store.Notices.Count;

        WorkflowFixture.Applied(bench.SignOffs.Decide(TestItems.Key, FinalDecisionKind.Reject, "Not this quarter.", WorkflowFixture.As(Ben)));

        var line = Assert.Single(bench.Store.Notices.Skip(before).OfType<PrivateTextNotice>());
        Assert.Equal(Dev, line.Person.Value);
        Assert.Contains($"{BenName} decided reject on your {TestItems.Key}", line.Text, StringComparison.Ordinal);
        Assert.Contains("State: rejected.", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void OwnersOwnAction_IsNotEchoedToThem()
    {
        var bench = new WorkflowFixture();
        var item = bench.Register();
        var decided = new Outcomes.DomainEvent(Outcomes.AuditActions.FinalDecision, TestItems.Key.ToString(), SlotNames.Final, "abandon", "Dropped.", null);

        Assert.Null(NoticePlanner.OwnerLine(decided, item, bench.Governance, Dev));
        Assert.NotNull(NoticePlanner.OwnerLine(decided, item, bench.Governance, Ben));
    }
}

/// <summary>The requester of an emergency bypass hears privately whether it was granted or denied.</summary>
public sealed class BypassRequesterNoticeTests
{
    [Theory]
    [InlineData(SignOffBot.Core.Conversations.ReviewVerb.BypassGrant, "Oscar Nakamura granted your emergency bypass of fraud-detection/churn-xgb@7 on prod-api (incident INC-311")]
    [InlineData(SignOffBot.Core.Conversations.ReviewVerb.BypassDeny, "Oscar Nakamura denied your emergency bypass of fraud-detection/churn-xgb@7 on prod-api.")]
    public void BypassDecision_TellsTheRequesterPrivately(SignOffBot.Core.Conversations.ReviewVerb verb, string expected)
    {
        var chat = new Conversations.ChatFixture();
        chat.Register();
        chat.Say(Dev, $"bypass {Conversations.ChatFixture.ItemText} {Prod} --incident INC-311 --hours 4");
        var id = Assert.Single(chat.Store.Bypasses).Id;
        var before = chat.Store.Notices.Count;

        chat.Press(OnCall, verb, id);

        var line = Assert.Single(chat.Store.Notices.Skip(before).OfType<PrivateTextNotice>(), n => n.Person.Value == Dev);
        Assert.StartsWith(expected, line.Text, StringComparison.Ordinal);
    }
}
