using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Tests.AdaptiveCards;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Slack.Flows;

/// <summary>
/// The App Home tab: <c>app_home_opened</c> publishes the person's Home (<c>views.publish</c>) with their pending
/// reviews and the card's buttons, and their items; a press on the Home is recorded like one on the card.
/// </summary>
public sealed class SlackHomeFlowTests
{
    private const string ItOps = "IT & Operations";

    [Fact]
    public async Task OpeningTheHome_PublishesThePersonsPendingReview_WithTheButtonsOfTheCard_AfterAQuickAck()
    {
        await using var slack = await StartWithFeedbackRequestedAsync();
        slack.Slack.SetDelay("views.publish", TimeSpan.FromSeconds(2));

        var watch = Stopwatch.StartNew();
        var ack = await slack.EventAsync(AppHomeOpened(Ops, "Ev0HOME0001"));
        var elapsed = watch.Elapsed;

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(1.5), $"the ack took {elapsed}");
        var call = (await slack.Slack.WaitForCallsAsync("views.publish", 1, TimeSpan.FromSeconds(10)))[0];
        Assert.Equal(Ops, call.Arg("user_id"));
        var view = call.Body!["view"]!;
        Assert.Equal("home", (string?)view["type"]);
        var text = Texts(view);
        Assert.Contains("*fraud-detection/churn-xgb@7* · IT &amp; Operations\nRisk *low* · owner Ana Ortiz · feedback-requested", text, StringComparison.Ordinal);
        Assert.Contains("Waiting for you (1)", text, StringComparison.Ordinal);
        Assert.Contains("Your items (0)\n_You own no open sign-offs._", text, StringComparison.Ordinal);
        var buttons = Buttons(view);
        Assert.Equal(["feedback.approve", "feedback.approve-comment", "feedback.minor-issue", "feedback.major-issue"], buttons.Select(b => (string)b["action_id"]!));
        Assert.All(buttons, b => Assert.Equal("""{"item":"fraud-detection/churn-xgb@7","slot":"IT & Operations"}""", (string?)b["value"]));
        Assert.True(JsonNode.DeepEquals(view["blocks"], slack.Slack.HomeOf(Ops)!["blocks"]));

        await AssertValidBlocksAsync(view);
    }

    [Fact]
    public async Task TheOwnersHome_ListsTheirItems_WithStateAndWhatTheyWaitFor()
    {
        await using var slack = await StartWithFeedbackRequestedAsync();

        await slack.EventAsync(AppHomeOpened(Ana, "Ev0HOME0002"));

        var view = await HomePublishedAsync(slack, Ana);
        var text = Texts(view);
        Assert.Contains("Waiting for you (0)", text, StringComparison.Ordinal);
        Assert.Contains("_Nothing waits for your answer._", text, StringComparison.Ordinal);
        Assert.Contains("Your items (1)", text, StringComparison.Ordinal);
        Assert.Contains("*fraud-detection/churn-xgb@7* · feedback-requested · waiting for IT &amp; Operations, Risk &amp; Compliance and Business", text, StringComparison.Ordinal);
        Assert.Empty(Buttons(view));
        await AssertValidBlocksAsync(view);
    }

    [Fact]
    public async Task APressOnTheHome_IsRecorded_AndTheHomeIsPublishedAgainWithoutTheAnsweredReview()
    {
        await using var slack = await StartWithFeedbackRequestedAsync();
        await slack.EventAsync(AppHomeOpened(Ops, "Ev0HOME0003"));
        var home = await HomePublishedAsync(slack, Ops);
        var events = await slack.AuditCountAsync();

        var approve = Buttons(home).Single(b => (string?)b["action_id"] == "feedback.approve");
        var response = await slack.InteractAsync(HomePress(Ops, approve));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(Slot(await slack.ItemAsync(), ItOps)["answers"]!.AsArray())!;
        Assert.Equal(("ops@example.com", "approve"), ((string?)answer["by"], (string?)answer["answer"]));
        Assert.Equal(events + 1, await slack.AuditCountAsync());
        var again = await HomePublishedAsync(slack, Ops, count: 2);
        Assert.StartsWith("Nothing waits for your answer", Texts(again).Split('\n')[2], StringComparison.Ordinal);
        Assert.DoesNotContain("churn-xgb", Texts(again), StringComparison.Ordinal);
        Assert.Empty(Buttons(again));
    }

    [Fact]
    public async Task ApproveWithComment_OnTheHome_OpensTheModal_AndItsSubmissionIsRecorded_AndRepublishesTheHome()
    {
        await using var slack = await StartWithFeedbackRequestedAsync();
        await slack.EventAsync(AppHomeOpened(Ops, "Ev0HOME0004"));
        var home = await HomePublishedAsync(slack, Ops);

        await slack.InteractAsync(HomePress(Ops, Buttons(home).Single(b => (string?)b["action_id"] == "feedback.approve-comment")));
        var modal = (await slack.Slack.WaitForCallsAsync("views.open"))[0].Body!["view"]!;
        Assert.True((bool)modal["blocks"]!.AsArray().Single(b => (string?)b!["type"] == "input")!["optional"]!);
        var submitted = await slack.InteractAsync(Submission(Ops, modal, "Runbook checked."));

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var answer = Assert.Single(Slot(await slack.ItemAsync(), ItOps)["answers"]!.AsArray())!;
        Assert.Equal(("approve", "Runbook checked."), ((string?)answer["answer"], (string?)answer["comment"]));
        var again = await HomePublishedAsync(slack, Ops, count: 2);
        Assert.DoesNotContain("churn-xgb", Texts(again), StringComparison.Ordinal);
        Assert.Empty(Buttons(again));
    }

    [Fact]
    public async Task AHomePressByAPersonNotAssigned_IsRefusedInADirectMessage_AndChangesNothing()
    {
        await using var slack = await StartWithFeedbackRequestedAsync();
        await slack.EventAsync(AppHomeOpened(Ops, "Ev0HOME0005"));
        var approve = Buttons(await HomePublishedAsync(slack, Ops)).Single(b => (string?)b["action_id"] == "feedback.approve");
        var events = await slack.AuditCountAsync();

        // Dev presses the same button (a Home is per person, so only a copied payload can do this).
        await slack.InteractAsync(HomePress(Dev, approve));

        var calls = await slack.Slack.WaitUntilAsync(all => all.Any(c => c.Method == "chat.postMessage" && c.Arg("channel") == Dev));
        Assert.Equal("This review is not assigned to you.", calls.Last(c => c.Method == "chat.postMessage" && c.Arg("channel") == Dev).Arg("text"));
        Assert.Equal(events, await slack.AuditCountAsync());
        Assert.Empty(Slot(await slack.ItemAsync(), ItOps)["answers"]!.AsArray());
    }

    [Fact]
    public async Task AnUnknownSlackUser_GetsAHomeSayingHowToBeAdded()
    {
        await using var slack = await SlackFixture.StartAsync();

        await slack.EventAsync(AppHomeOpened("U0NOBODY", "Ev0HOME0006"));

        var view = await HomePublishedAsync(slack, "U0NOBODY");
        Assert.Contains(SlackPeople.UnknownPersonText, Texts(view), StringComparison.Ordinal);
        Assert.Empty(Buttons(view));
        await AssertValidBlocksAsync(view);
    }

    [Fact]
    public async Task ARetriedEvent_PublishesOnce_AndTheMessagesTabPublishesNothing()
    {
        await using var slack = await StartWithFeedbackRequestedAsync();

        Assert.Equal(HttpStatusCode.OK, (await slack.EventAsync(AppHomeOpened(Ops, "Ev0HOME0007"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await slack.EventAsync(AppHomeOpened(Ops, "Ev0HOME0007"), retryNum: 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await slack.EventAsync(AppHomeOpened(Ben, "Ev0HOME0008", tab: "messages"))).StatusCode);

        // Chen's Home, asked for last, is published after anything the events above could have started.
        await slack.EventAsync(AppHomeOpened(Chen, "Ev0HOME0009"));
        await HomePublishedAsync(slack, Chen);
        await HomePublishedAsync(slack, Ops);
        Assert.Equal(1, slack.Slack.Calls.Count(c => c.Method == "views.publish" && c.Arg("user_id") == Ops));
        Assert.DoesNotContain(slack.Slack.Calls, c => c.Method == "views.publish" && c.Arg("user_id") == Ben);
    }

    private static async Task<SlackFixture> StartWithFeedbackRequestedAsync()
    {
        var slack = await SlackFixture.StartAsync();
        await slack.CommandReplyAsync(Ana, "register fraud-detection churn-xgb@7 --risk low");
        await slack.CommandReplyAsync(Ana, "request-feedback fraud-detection/churn-xgb@7");
        return slack;
    }

    /// <summary>The view of the <paramref name="count"/>th successful <c>views.publish</c> for <paramref name="user"/>.</summary>
    private static async Task<JsonNode> HomePublishedAsync(SlackFixture slack, string user, int count = 1)
    {
        bool ForUser(SignOffBot.Testing.Slack.SlackApiCall c) => c.Method == "views.publish" && c.Ok && c.Arg("user_id") == user;
        var calls = await slack.Slack.WaitUntilAsync(all => all.Count(ForUser) >= count);
        return calls.Where(ForUser).ElementAt(count - 1).Body!["view"]!;
    }

    private static List<JsonNode> Buttons(JsonNode view) =>
        [.. view["blocks"]!.AsArray().Where(b => (string?)b!["type"] == "actions").SelectMany(b => b!["elements"]!.AsArray()).Select(e => e!)];

    private static string Texts(JsonNode view) => string.Join('\n', view["blocks"]!.AsArray().Select(b =>
        b!["text"]?["text"] is JsonValue text ? (string)text! : b["elements"] is JsonArray elements ? string.Join('\n', elements.Select(e => e?["text"] is JsonValue t ? (string?)t : "")) : ""));

    private static async Task AssertValidBlocksAsync(JsonNode view)
    {
        var file = Path.Combine(TempFolder.Create(), "home-blocks.json");
        await File.WriteAllTextAsync(file, view["blocks"]!.ToJsonString());
        var validation = await CardTools.RunAsync("validate-slack-blocks.mjs", file);
        Assert.True(validation.ExitCode == 0, validation.ToString());
    }
}
