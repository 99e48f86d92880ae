using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Testing.Slack;
using SignOffBot.Host.Tests.AdaptiveCards;
using static SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Slack.Flows;

public sealed class SlackReviewFlowTests
{
    [Fact]
    public async Task ReviewFlow_FromSlashCommandsToFinalApproval_RecordsEveryAnswerOnceAndUpdatesEveryCopy()
    {
        await using var slack = await SlackFixture.StartAsync();

        // register and request feedback by slash command; the assignees get DMs.
        var registered = await slack.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");
        Assert.Equal("ephemeral", (string?)registered["response_type"]);
        Assert.Contains("Registered fraud-detection/churn-xgb@7", (string?)registered["text"], StringComparison.Ordinal);
        await slack.CommandReplyAsync(Ana, "request-feedback fraud-detection/churn-xgb@7");
        var opened = await slack.Slack.WaitForCallsAsync("conversations.open", 3);
        Assert.Equal(new[] { Ben, Chen, Ops }, opened.Select(c => c.Arg("users") ?? string.Empty).Order().ToArray());
        var dms = await slack.Slack.WaitUntilAsync(calls => calls.Count(c => c.Method == "chat.postMessage" && c.Arg("channel")?.StartsWith('D') == true) >= 3);
        Assert.Contains(dms, c => c.Method == "chat.postMessage" && c.BodyText.Contains("feedback.approve", StringComparison.Ordinal));
        await slack.Slack.WaitUntilAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.Arg("channel") == ReleaseChannel && c.BodyText.Contains("requested feedback", StringComparison.Ordinal)));

        // Ben approves from the button in his DM.
        var events = await slack.AuditCountAsync();
        var approve = Press(Ben, "feedback.approve", Review("Risk & Compliance"));
        Assert.Equal(HttpStatusCode.OK, (await slack.InteractAsync(approve)).StatusCode);
        var risk = Slot(await slack.ItemAsync(), "Risk & Compliance");
        Assert.Equal("ben@example.com", (string?)Assert.Single(risk["answers"]!.AsArray())!["by"]);
        Assert.Equal(events + 1, await slack.AuditCountAsync());
        var posted = slack.Slack.CallsTo("chat.postMessage").Count(c => c.Ok && c.BodyText.Contains("\"blocks\"", StringComparison.Ordinal));
        await slack.Slack.WaitForCallsAsync("chat.update", posted);

        // A retried interaction (same trigger_id) is not recorded twice.
        Assert.Equal(HttpStatusCode.OK, (await slack.InteractAsync(approve)).StatusCode);
        Assert.Equal(events + 1, await slack.AuditCountAsync());

        // Ops raises a major issue: the button opens a modal, the submission records the comment.
        var trigger = SlackSigner.NewTriggerId();
        await slack.InteractAsync(Press(Ops, "feedback.major-issue", Review("IT & Operations"), trigger));
        var modal = (await slack.Slack.WaitForCallsAsync("views.open"))[0];
        Assert.Equal(trigger, modal.Arg("trigger_id"));
        var view = modal.Body!["view"]!;
        var empty = await slack.InteractAsync(Submission(Ops, view, "   "));
        var errors = JsonNode.Parse(await empty.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", (string?)errors["response_action"]);
        Assert.Contains("comment is required", (string?)errors["errors"]!["comment"], StringComparison.Ordinal);
        var submitted = await slack.InteractAsync(Submission(Ops, view, "No rollback drill yet"));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Empty(await submitted.Content.ReadAsByteArrayAsync());
        var ops = Assert.Single(Slot(await slack.ItemAsync(), "IT & Operations")["answers"]!.AsArray())!;
        Assert.Equal(("major-issue", "No rollback drill yet"), ((string?)ops["answer"], (string?)ops["comment"]));

        // Dev is not assigned: a private refusal, nothing changes.
        var before = await slack.AuditCountAsync();
        await slack.InteractAsync(Press(Dev, "feedback.approve", Review("Risk & Compliance"), channel: ReleaseChannel));
        var ephemeral = await slack.Slack.WaitUntilAsync(calls => calls.Any(c => c.Method == "chat.postEphemeral" && c.Arg("user") == Dev));
        Assert.Contains("not assigned to you", ephemeral.Last(c => c.Method == "chat.postEphemeral").BodyText, StringComparison.Ordinal);
        Assert.Equal(before, await slack.AuditCountAsync());

        // The owner cannot give the final approval of her own item (segregation of duties).
        await slack.CommandReplyAsync(Ana, "request-final fraud-detection/churn-xgb@7");
        await slack.InteractAsync(Press(Ana, "final.approve", Review("final"), channel: ReleaseChannel));
        await slack.Slack.WaitUntilAsync(calls => calls.Any(c => c.Method == "chat.postEphemeral" && c.Arg("user") == Ana && c.BodyText.Contains("segregation of duties", StringComparison.Ordinal)));
        Assert.Equal("final-approval-requested", (string?)(await slack.ItemAsync())["signOff"]!["state"]);

        // Chen (model-risk) gives the final approval.
        await slack.InteractAsync(Press(Chen, "final.approve", Review("final")));
        var approved = await slack.ItemAsync();
        Assert.Equal("approved", (string?)approved["signOff"]!["state"]);
        Assert.Equal("chen@example.com", (string?)approved["signOff"]!["final"]!["decision"]!["by"]);
        await slack.Slack.WaitUntilAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.Arg("channel") == ReleaseChannel && c.BodyText.Contains("decided approve", StringComparison.Ordinal)));

        // Every Block Kit message and modal the bot sent passes Slack's Block Kit types and limits (plain status lines have no blocks).
        var folder = SignOffBot.Testing.TempFolder.Create();
        var files = new List<string>();
        foreach (var call in slack.Slack.Calls.Where(c => c.Method is "chat.postMessage" or "chat.update" or "chat.postEphemeral" or "views.open"
            && (c.Body?["blocks"] is not null || c.Body?["view"] is not null)))
        {
            var file = Path.Combine(folder, $"slack-{files.Count}.json");
            var body = call.Method == "views.open" ? new JsonObject { ["text"] = "modal", ["blocks"] = call.Body!["view"]!["blocks"]!.DeepClone() } : call.Body!;
            await File.WriteAllTextAsync(file, body.ToJsonString());
            files.Add(file);
        }

        var validation = await CardTools.RunAsync("validate-slack-blocks.mjs", [.. files]);
        Assert.True(validation.ExitCode == 0, validation.ToString());
        Assert.True(files.Count > 10, $"only {files.Count} messages were sent");
    }

    [Fact]
    public async Task DeployCheck_InAChannel_AnswersWithTheDecisionWordForEachPolicy()
    {
        await using var slack = await SlackFixture.StartAsync();
        await slack.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7");

        var prevent = await slack.CommandReplyAsync(Ana, "deploy-check fraud-detection/churn-xgb@7 prod-api");
        var warn = await slack.CommandReplyAsync(Ana, "deploy-check fraud-detection/churn-xgb@7 staging-api");
        var always = await slack.CommandReplyAsync(Ana, "deploy-check fraud-detection/churn-xgb@7 sandbox");

        Assert.StartsWith("blocked:", (string?)prevent["text"], StringComparison.Ordinal);
        Assert.StartsWith("warning:", (string?)warn["text"], StringComparison.Ordinal);
        Assert.StartsWith("allowed:", (string?)always["text"], StringComparison.Ordinal);
        Assert.All([prevent, warn, always], r => Assert.Equal("in_channel", (string?)r["response_type"]));
    }

    [Fact]
    public async Task Events_MentionAndRetry_RunTheCommandOnce()
    {
        await using var slack = await SlackFixture.StartAsync();
        var challenge = await slack.EventAsync(new JsonObject { ["type"] = "url_verification", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", (string?)JsonNode.Parse(await challenge.Content.ReadAsStringAsync())!["challenge"]);

        var mention = new JsonObject
        {
            ["type"] = "event_callback",
            ["event_id"] = "Ev0MENTION1",
            ["authorizations"] = new JsonArray(new JsonObject { ["user_id"] = "U0BOT" }),
            ["event"] = new JsonObject { ["type"] = "app_mention", ["user"] = Ana, ["channel"] = ReleaseChannel, ["text"] = "<@U0BOT> register fraud-detection churn-xgb@7", ["ts"] = "1700000000.000200" },
        };
        Assert.Equal(HttpStatusCode.OK, (await slack.EventAsync(mention)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await slack.EventAsync(mention, retryNum: 1)).StatusCode);

        Assert.Equal(1, await slack.AuditCountAsync());
        Assert.Equal("not-started", (string?)(await slack.ItemAsync())["signOff"]!["state"]);
        await slack.Slack.WaitUntilAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.Arg("channel") == ReleaseChannel && c.BodyText.Contains("\"blocks\"", StringComparison.Ordinal)));

        var dm = new JsonObject
        {
            ["type"] = "event_callback",
            ["event_id"] = "Ev0DM00001",
            ["event"] = new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["user"] = Ana, ["channel"] = "D0ANA", ["text"] = "deploy-check fraud-detection/churn-xgb@7 sandbox", ["ts"] = "1700000000.000300" },
        };
        await slack.EventAsync(dm);
        await slack.Slack.WaitUntilAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.Arg("channel") == "D0ANA" && (c.Arg("text") ?? string.Empty).StartsWith("allowed:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Acks_WhileTheWebApiAnswersSlowly_ComeBackWellUnderThreeSeconds()
    {
        await using var slack = await SlackFixture.StartAsync();
        slack.Slack.SetDelay(null, TimeSpan.FromSeconds(2));
        await slack.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");

        var watch = Stopwatch.StartNew();
        var command = await slack.CommandAsync(Ana, "request-feedback fraud-detection/churn-xgb@7");
        var commandAck = watch.Elapsed;
        watch.Restart();
        var press = await slack.InteractAsync(Press(Ops, "feedback.minor-issue", Review("IT & Operations")));
        var modalAck = watch.Elapsed;
        watch.Restart();
        var approve = await slack.InteractAsync(Press(Ben, "feedback.approve", Review("Risk & Compliance")));
        var pressAck = watch.Elapsed;

        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        Assert.Equal(HttpStatusCode.OK, press.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.True(commandAck < TimeSpan.FromSeconds(1.5), $"command ack took {commandAck}");
        Assert.True(modalAck < TimeSpan.FromSeconds(1.5), $"modal button ack took {modalAck}");
        Assert.True(pressAck < TimeSpan.FromSeconds(1.5), $"approve ack took {pressAck}");
        await slack.Slack.WaitForCallsAsync("views.open", 1, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AModalSubmissionWhoseMetadataTheBotDidNotWrite_IsAnsweredInTheModal_AndChangesNothing()
    {
        await using var slack = await SlackFixture.StartAsync();
        await slack.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");
        await slack.CommandReplyAsync(Ana, "request-feedback fraud-detection/churn-xgb@7");
        var before = await slack.AuditCountAsync();
        var forged = new JsonObject { ["callback_id"] = "review-comment", ["private_metadata"] = """{"item":"fraud-detection/churn-xgb@7","slot":"IT & Operations"}""" };

        var response = await slack.InteractAsync(Submission(Ops, forged, "no verb in the metadata"));

        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", (string?)errors["response_action"]);
        Assert.Contains("not one the bot opened", (string?)errors["errors"]!["comment"], StringComparison.Ordinal);
        Assert.Equal(before, await slack.AuditCountAsync());
        Assert.Empty(Slot(await slack.ItemAsync(), "IT & Operations")["answers"]!.AsArray());
    }
}
