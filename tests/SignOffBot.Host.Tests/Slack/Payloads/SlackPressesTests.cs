using SignOffBot.Core.Conversations;
using SignOffBot.Host.Slack.BlockKit;
using SignOffBot.Host.Slack.Payloads;

namespace SignOffBot.Host.Tests.Slack.Payloads;

/// <summary>SlackPresses reading a pressed button: which verb it is and whether it opens the comment modal.</summary>
public sealed class SlackPressesTests
{
    private const string Value = """{"item":"fraud-detection/churn-xgb@7","slot":"IT & Operations"}""";

    [Theory]
    [InlineData("feedback.approve", ReviewVerb.FeedbackApprove, false)]
    [InlineData("feedback.approve-comment", ReviewVerb.FeedbackApprove, true)]
    [InlineData("feedback.minor-issue", ReviewVerb.FeedbackMinorIssue, true)]
    [InlineData("feedback.major-issue", ReviewVerb.FeedbackMajorIssue, true)]
    [InlineData("final.approve", ReviewVerb.FinalApprove, false)]
    [InlineData("final.approve-comment", ReviewVerb.FinalApprove, true)]
    [InlineData("final.reject", ReviewVerb.FinalReject, true)]
    [InlineData("final.abandon", ReviewVerb.FinalAbandon, true)]
    public void AButtonOfOurs_GivesItsVerb_AndWhetherItAsksForAComment(string actionId, ReviewVerb verb, bool opensModal)
    {
        Assert.True(SlackPresses.TryRead(new SlackBlockAction(actionId, Value, "1700000000.000100"), out var press, out var opens));

        Assert.Equal(verb, press.Verb);
        Assert.Equal(opensModal, opens);
        Assert.Equal(("fraud-detection/churn-xgb@7", "IT & Operations"), (press.Target, press.Slot?.Name));
        Assert.Null(press.Comment);
    }

    [Theory]
    [InlineData("feedback.minor-issue-comment")]
    [InlineData("final.reject-comment")]
    [InlineData("bypass.grant-comment")]
    [InlineData("approve-comment")]
    [InlineData("-comment")]
    [InlineData("feedback.approve-comment-comment")]
    [InlineData("feedback.approve-Comment")]
    [InlineData(null)]
    public void OnlyApproveVerbs_HaveAWithCommentButton(string? actionId)
    {
        Assert.False(SlackPresses.TryRead(new SlackBlockAction(actionId, Value, null), out _, out _));
    }

    [Fact]
    public void TheWithCommentActionIds_AreDistinctFromEveryVerbsWireName()
    {
        var names = Enum.GetValues<ReviewVerb>().Select(ReviewVerbs.Name).ToList();

        Assert.Equal("feedback.approve-comment", SlackActionIds.WithCommentActionId(ReviewVerb.FeedbackApprove));
        Assert.Equal("final.approve-comment", SlackActionIds.WithCommentActionId(ReviewVerb.FinalApprove));
        Assert.DoesNotContain(SlackActionIds.WithCommentActionId(ReviewVerb.FeedbackApprove), names);
        Assert.DoesNotContain(SlackActionIds.WithCommentActionId(ReviewVerb.FinalApprove), names);
        Assert.Throws<ArgumentOutOfRangeException>(() => SlackActionIds.WithCommentActionId(ReviewVerb.FinalReject));
    }
}
