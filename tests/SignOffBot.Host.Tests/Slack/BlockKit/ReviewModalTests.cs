using SignOffBot.Host.Slack.Payloads;
using System.Text.Json.Nodes;
using SignOffBot.Core.Conversations;
using SignOffBot.Core.Items;
using SignOffBot.Host.Slack.BlockKit;

namespace SignOffBot.Host.Tests.Slack.BlockKit;

/// <summary>ReviewModal: the comment modal, its private_metadata round trip, and the view_submission error answer.</summary>
public sealed class ReviewModalTests
{
    private const string Item = "fraud-detection/churn-xgb@7";

    [Fact]
    public void Modal_IsACommentModal_WithRecordAndCancel_AndARequiredMultilineInput()
    {
        var modal = ReviewModal.Build(Item, "IT & Operations", ReviewVerb.FeedbackMinorIssue, null);

        Assert.Equal("modal", (string?)modal["type"]);
        Assert.Equal("review-comment", (string?)modal["callback_id"]);
        Assert.Equal(SlackActionIds.CommentCallbackId, (string?)modal["callback_id"]);
        Assert.Equal(("plain_text", "Minor issue"), ((string)modal["title"]!["type"]!, (string)modal["title"]!["text"]!));
        Assert.Equal("Record", (string?)modal["submit"]!["text"]);
        Assert.Equal("Cancel", (string?)modal["close"]!["text"]);

        var blocks = modal["blocks"]!.AsArray();
        var context = blocks[0]!;
        Assert.Equal("context", (string?)context["type"]);
        Assert.Equal("Minor issue on *IT &amp; Operations* of *fraud-detection/churn-xgb@7*", (string?)context["elements"]![0]!["text"]);

        var input = blocks[1]!;
        Assert.Equal("input", (string?)input["type"]);
        Assert.Equal("comment", (string?)input["block_id"]);
        Assert.Equal("Comment (required)", (string?)input["label"]!["text"]);
        Assert.False((bool)input["optional"]!);
        Assert.Equal("plain_text_input", (string?)input["element"]!["type"]);
        Assert.Equal("comment", (string?)input["element"]!["action_id"]);
        Assert.True((bool)input["element"]!["multiline"]!);
        Assert.Equal(2000, (int)input["element"]!["max_length"]!);
    }

    [Theory]
    [InlineData(ReviewVerb.FeedbackMinorIssue, "Minor issue", true)]
    [InlineData(ReviewVerb.FeedbackMajorIssue, "Major issue", true)]
    [InlineData(ReviewVerb.FinalReject, "Reject", true)]
    [InlineData(ReviewVerb.FinalAbandon, "Abandon", true)]
    [InlineData(ReviewVerb.FeedbackApprove, "Approve", false)]
    [InlineData(ReviewVerb.FinalApprove, "Approve", false)]
    public void TitleAndRequiredness_FollowTheVerb(ReviewVerb verb, string title, bool required)
    {
        var modal = ReviewModal.Build(Item, verb is ReviewVerb.FinalReject or ReviewVerb.FinalAbandon or ReviewVerb.FinalApprove ? SlotNames.Final : "Business", verb, null);
        var input = modal["blocks"]![1]!;

        Assert.Equal(title, (string?)modal["title"]!["text"]);
        Assert.InRange(title.Length, 1, BlockKitLimits.ModalTitle);
        Assert.Equal(!required, (bool)input["optional"]!);
        Assert.Equal(required ? "Comment (required)" : "Comment (optional)", (string?)input["label"]!["text"]);
    }

    [Fact]
    public void FinalSlot_IsNamedFinalApproval()
    {
        var modal = ReviewModal.Build(Item, SlotNames.Final, ReviewVerb.FinalReject, null);

        Assert.Equal("Reject on *Final approval* of *fraud-detection/churn-xgb@7*", (string?)modal["blocks"]![0]!["elements"]![0]!["text"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{"channel":"D0123","ts":"1548261231.000200"}""")]
    [InlineData("C0RELEASE|1548261231.000200")]
    public void PrivateMetadata_RoundTrips(string? metadata)
    {
        var modal = ReviewModal.Build(Item, "Risk & Compliance", ReviewVerb.FeedbackMajorIssue, metadata);
        var text = (string)modal["private_metadata"]!;

        Assert.True(SlackPresses.TryReadMetadata(text, out var read));
        Assert.Equal(new ReviewModalMetadata(Item, "Risk & Compliance", ReviewVerb.FeedbackMajorIssue, metadata), read);
        Assert.InRange(text.Length, 1, BlockKitLimits.PrivateMetadata);
        var json = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(metadata is null ? ["item", "slot", "verb"] : ["item", "slot", "verb", "metadata"], json.Select(p => p.Key));
        Assert.Equal("feedback.major-issue", (string?)json["verb"]);
        Assert.StartsWith(""""{"item":"fraud-detection/churn-xgb@7","slot":"Risk & Compliance","verb":"feedback.major-issue"""", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"item":"a/b@1","slot":"final"}""")]
    [InlineData("""{"item":"a/b@1","slot":"final","verb":"final.explode"}""")]
    [InlineData("""{"item":"","slot":"final","verb":"final.reject"}""")]
    [InlineData("""{"item":7,"slot":"final","verb":"final.reject"}""")]
    public void TryReadMetadata_RefusesWhatThisModalDidNotWrite(string? text)
    {
        Assert.False(SlackPresses.TryReadMetadata(text, out var read));
        Assert.Null(read);
    }

    [Fact]
    public void PrivateMetadata_OverTheLimit_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => ReviewModal.Build(Item, "Business", ReviewVerb.FeedbackMinorIssue, new string('m', 3000)));

        Assert.Contains("3000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongTexts_AreCutToTheirLimits()
    {
        var modal = ReviewModal.Build(new string('i', 266), new string('s', 2000), ReviewVerb.FeedbackMajorIssue, null);

        Assert.InRange(((string)modal["blocks"]![0]!["elements"]![0]!["text"]!).Length, 1, BlockKitLimits.Text);
        Assert.True(SlackPresses.TryReadMetadata((string)modal["private_metadata"]!, out var read));
        Assert.Equal(new string('s', 2000), read.Slot);
    }

    [Fact]
    public void Errors_KeepTheModalOpen_WithTheMessageUnderTheCommentBox()
    {
        var answer = ReviewModal.Errors("A comment is required for a major issue.");

        Assert.Equal("""{"response_action":"errors","errors":{"comment":"A comment is required for a major issue."}}""", answer.ToJsonString());
    }

    [Fact]
    public void CommentOf_ReadsTheSubmittedComment()
    {
        var view = JsonNode.Parse("""
            {"id":"V1","callback_id":"review-comment","private_metadata":"{}",
             "state":{"values":{"comment":{"comment":{"type":"plain_text_input","value":"  Drift alerting is missing.  "}}}}}
            """);

        Assert.Equal("Drift alerting is missing.", SlackPresses.CommentOfState(view!["state"] as JsonObject));
        Assert.Null(SlackPresses.CommentOfState(JsonNode.Parse("""{"state":{"values":{"comment":{"comment":{"type":"plain_text_input","value":null}}}}}""")!["state"] as JsonObject));
        Assert.Null(SlackPresses.CommentOfState(JsonNode.Parse("""{"state":{"values":{"comment":{"comment":{"type":"plain_text_input","value":"   "}}}}}""")!["state"] as JsonObject));
        Assert.Null(SlackPresses.CommentOfState(JsonNode.Parse("""{"state":[]}""")!["state"] as JsonObject));
        Assert.Null(SlackPresses.CommentOfState(null));
    }
}
