using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.AdaptiveCards;
using SignOffBot.Testing;
using SignOffBot.Testing.Slack;
using static SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Slack.Flows;

/// <summary>
/// "Approve with comment" beside the one-click Approve on the Slack card: it opens the comment modal with the comment
/// optional, and the submission records an approval with the comment (none when left empty).
/// </summary>
public sealed class SlackApproveWithCommentFlowTests
{
    [Fact]
    public async Task ApproveWithComment_OpensTheModalWithAnOptionalComment_AndTheSubmissionRecordsTheApprovalWithIt()
    {
        await using var slack = await StartWithFeedbackRequestedAsync();

        // Ben's review request has both approve buttons; the one-click Approve stays first (his final-approval buttons follow).
        var request = (await slack.Slack.WaitUntilAsync(calls => calls.Any(IsCardTo(Ben)))).First(IsCardTo(Ben));
        var buttons = request.Body!["blocks"]!.AsArray().Where(b => (string?)b!["type"] == "actions").SelectMany(b => b!["elements"]!.AsArray()).ToList();
        Assert.Equal(["feedback.approve", "feedback.approve-comment", "feedback.minor-issue", "feedback.major-issue"], buttons.Take(4).Select(b => (string)b!["action_id"]!));
        Assert.Equal("Approve with comment", (string?)buttons[1]!["text"]!["text"]);
        Assert.Equal(buttons[0]!["value"]!.ToJsonString(), buttons[1]!["value"]!.ToJsonString());

        var events = await slack.AuditCountAsync();
        var trigger = SlackSigner.NewTriggerId();
        var press = await slack.InteractAsync(Press(Ben, "feedback.approve-comment", Review("Risk & Compliance"), trigger));

        Assert.Equal(HttpStatusCode.OK, press.StatusCode);
        var modal = (await slack.Slack.WaitForCallsAsync("views.open"))[0];
        Assert.Equal(trigger, modal.Arg("trigger_id"));
        var view = modal.Body!["view"]!;
        Assert.Equal("Approve", (string?)view["title"]!["text"]);
        var input = view["blocks"]!.AsArray().Single(b => (string?)b!["type"] == "input")!;
        Assert.True((bool)input["optional"]!);
        Assert.Equal("Comment (optional)", (string?)input["label"]!["text"]);
        Assert.Equal(events, await slack.AuditCountAsync());

        var submitted = await slack.InteractAsync(Submission(Ben, view, "  Fairness report read; fine for low risk.  "));

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Empty(await submitted.Content.ReadAsByteArrayAsync());
        var answer = Assert.Single(Slot(await slack.ItemAsync(), "Risk & Compliance")["answers"]!.AsArray())!;
        Assert.Equal(("ben@example.com", "approve", "Fairness report read; fine for low risk."), ((string?)answer["by"], (string?)answer["answer"], (string?)answer["comment"]));
        Assert.Equal(events + 1, await slack.AuditCountAsync());
        var audit = (await slack.AuditAsync()).Last()!;
        Assert.Equal(
            ("feedback", "Risk & Compliance", "approve", "Fairness report read; fine for low risk.", "ben@example.com"),
            ((string?)audit["action"], (string?)audit["slot"], (string?)audit["answer"], (string?)audit["comment"], (string?)audit["actor"]));

        // The card and the modal pass the Block Kit validator.
        var folder = TempFolder.Create();
        var card = Path.Combine(folder, "request.json");
        var blocks = Path.Combine(folder, "modal-blocks.json");
        await File.WriteAllTextAsync(card, request.Body!.ToJsonString());
        await File.WriteAllTextAsync(blocks, view["blocks"]!.ToJsonString());
        var validation = await CardTools.RunAsync("validate-slack-blocks.mjs", card, blocks);
        Assert.True(validation.ExitCode == 0, validation.ToString());
    }

    [Fact]
    public async Task ApproveWithComment_SubmittedEmpty_RecordsAPlainApproval()
    {
        await using var slack = await StartWithFeedbackRequestedAsync();
        var events = await slack.AuditCountAsync();

        await slack.InteractAsync(Press(Ops, "feedback.approve-comment", Review("IT & Operations")));
        var view = (await slack.Slack.WaitForCallsAsync("views.open"))[0].Body!["view"]!;
        var submitted = await slack.InteractAsync(Submission(Ops, view, "   "));

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Empty(await submitted.Content.ReadAsByteArrayAsync());
        var answer = Assert.Single(Slot(await slack.ItemAsync(), "IT & Operations")["answers"]!.AsArray())!;
        Assert.Equal(("approve", null), ((string?)answer["answer"], (string?)answer["comment"]));
        var audit = (await slack.AuditAsync()).Last()!;
        Assert.Equal(("feedback", "approve", null), ((string?)audit["action"], (string?)audit["answer"], (string?)audit["comment"]));
        Assert.Equal(events + 1, await slack.AuditCountAsync());
    }

    [Fact]
    public async Task FinalApproveWithComment_RecordsTheDecisionWithTheComment()
    {
        await using var slack = await StartWithFeedbackRequestedAsync();
        await slack.CommandReplyAsync(Ana, "request-final fraud-detection/churn-xgb@7");

        await slack.InteractAsync(Press(Chen, "final.approve-comment", Review("final")));
        var view = (await slack.Slack.WaitForCallsAsync("views.open"))[0].Body!["view"]!;
        Assert.True((bool)view["blocks"]!.AsArray().Single(b => (string?)b!["type"] == "input")!["optional"]!);
        await slack.InteractAsync(Submission(Chen, view, "Approved for the March release."));

        var decision = (await slack.ItemAsync())["signOff"]!;
        Assert.Equal("approved", (string?)decision["state"]);
        Assert.Equal(("chen@example.com", "Approved for the March release."), ((string?)decision["final"]!["decision"]!["by"], (string?)decision["final"]!["decision"]!["comment"]));
        var audit = (await slack.AuditAsync()).Last()!;
        Assert.Equal(("final-decision", "approve", "Approved for the March release."), ((string?)audit["action"], (string?)audit["answer"], (string?)audit["comment"]));
    }

    [Fact]
    public async Task ApproveWithComment_ByAPersonNotAssigned_IsRefusedPrivately_WithoutAModal()
    {
        await using var slack = await StartWithFeedbackRequestedAsync();
        var events = await slack.AuditCountAsync();

        await slack.InteractAsync(Press(Dev, "feedback.approve-comment", Review("Risk & Compliance"), channel: ReleaseChannel));

        var calls = await slack.Slack.WaitUntilAsync(all => all.Any(c => c.Method == "chat.postEphemeral" && c.Arg("user") == Dev));
        Assert.Contains("not assigned to you", calls.Last(c => c.Method == "chat.postEphemeral" && c.Arg("user") == Dev).BodyText, StringComparison.Ordinal);
        Assert.Equal(0, slack.Slack.Count("views.open"));
        Assert.Equal(events, await slack.AuditCountAsync());
        Assert.Empty(Slot(await slack.ItemAsync(), "Risk & Compliance")["answers"]!.AsArray());
    }

    private static async Task<SlackFixture> StartWithFeedbackRequestedAsync()
    {
        var slack = await SlackFixture.StartAsync();
        await slack.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");
        await slack.CommandReplyAsync(Ana, "request-feedback fraud-detection/churn-xgb@7");
        return slack;
    }

    private static Func<SlackApiCall, bool> IsCardTo(string user) => c =>
        c.Method == "chat.postMessage" && c.Ok && c.Arg("channel") == FakeSlackApi.DmChannelFor(user) && c.Body?["blocks"] is JsonArray;
}
