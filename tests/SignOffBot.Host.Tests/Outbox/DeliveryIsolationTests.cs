using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Teams.Conversations;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;
using SignOffBot.Testing.Teams;
using SignOffBot.Host.Tests.Teams.Flows;
using SlackFlow = SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Outbox;

/// <summary>
/// With Teams and Slack both on, each delivery (one platform, one target) lives on its own: a deleted Teams message,
/// a Slack rate limit or a dead letter never holds back another copy, person or platform.
/// </summary>
public sealed class DeliveryIsolationTests
{
    private const string Item = "fraud-detection/churn-xgb@7";
    private const string PostMessage = "chat.postMessage";

    [Fact]
    public async Task TeamsCopyGone_SlackCopyIsStillRedrawn_TheTeamsCopyIsForgotten_AndNoDeadLetterBlocksLaterAnswers()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        var ben = TeamsFixture.Ben;
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsMessageAsync(ben, "pending")).StatusCode);
        await host.RegisterAndRequestFeedbackAsync();
        var benChat = TeamsFixture.PersonalConversation(ben);
        await host.DriveUntilAsync(() => Task.FromResult(
            host.Teams.ConnectorRequests.Any(r => r.Method == "POST" && r.ConversationId == benChat && r.Body?["attachments"] is not null)
            && host.Slack.CallsTo(PostMessage).Any(c => c.Ok && c.Arg("channel") == FakeSlackApi.DmChannelFor(SlackFlow.Ben) && c.Body?["blocks"] is not null)));
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        var teamsCopies = host.App.Services.GetRequiredService<TeamsConversations>();
        var benCopy = Assert.Single(teamsCopies.CopiesOf(Item), c => c.ConversationId == benChat);

        // Ben deleted the card in Teams: its update answers 404. Ben approves in Slack.
        host.Teams.FailNext($"/v3/conversations/{benChat}/activities", StatusCodesNotFound, FakeBotFramework.ErrorBody("NotFound", "The activity was not found."), method: "PUT");
        var updatesBefore = host.Slack.CallsTo("chat.update").Count;
        await host.SlackInteractAsync(SlackFlow.Press(SlackFlow.Ben, "feedback.approve", SlackFlow.Review("Risk & Compliance")));
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        var benDm = FakeSlackApi.DmChannelFor(SlackFlow.Ben);
        Assert.Contains(host.Slack.CallsTo("chat.update").Skip(updatesBefore), c => c.Ok && c.Arg("channel") == benDm);
        Assert.Single(host.Teams.ConnectorRequests, r => r.Method == "PUT" && r.ActivityId == benCopy.ActivityId);
        Assert.DoesNotContain(teamsCopies.CopiesOf(Item), c => c.ActivityId == benCopy.ActivityId);
        var health = await host.HealthAsync();
        Assert.Equal(0, (int)health["outbox"]!["deadLetters"]!);

        // A later answer: the Slack copies are redrawn again; the forgotten Teams copy is not tried again.
        var updatesBetween = host.Slack.CallsTo("chat.update").Count;
        await host.SlackInteractAsync(SlackFlow.Press(SlackFlow.Chen, "feedback.approve", SlackFlow.Review("Risk & Compliance")));
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        Assert.Contains(host.Slack.CallsTo("chat.update").Skip(updatesBetween), c => c.Ok && c.Arg("channel") == benDm);
        Assert.Single(host.Teams.ConnectorRequests, r => r.Method == "PUT" && r.ActivityId == benCopy.ActivityId);
        Assert.Equal(0, (int)(await host.HealthAsync())["outbox"]!["deadLetters"]!);
    }

    [Fact]
    public async Task SlackRateLimit_PausesSlackOnly_TeamsDeliveriesGoOutMeanwhile_AndSlackCatchesUpOnce()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        var ben = TeamsFixture.Ben;
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsMessageAsync(ben, "pending")).StatusCode);
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        // The answer to Ben's message went to his chat; his review request below goes there too, paced apart.
        host.App.Time.Advance(TimeSpan.FromSeconds(1));

        // Slack asks to wait a minute (longer than its client waits inline) when the status line is posted: the outbox
        // pauses Slack (deliveries already under way to other Slack targets may still finish).
        host.Slack.FailNextRateLimited(PostMessage, retryAfterSeconds: 60, channel: TwoPlatformFixture.SlackReleaseChannel);
        await host.RegisterAndRequestFeedbackAsync();
        for (var round = 0; round < 3; round++)
        {
            await host.Dispatcher.DispatchDueAsync(CancellationToken.None);
        }

        var benChat = TeamsFixture.PersonalConversation(ben);
        Assert.Contains(host.Teams.ConnectorRequests, r => r.Method == "POST" && r.ConversationId == benChat && r.Body?["attachments"] is not null);
        Assert.Single(host.Slack.CallsTo(PostMessage), c => !c.Ok);
        Assert.DoesNotContain(host.Slack.CallsTo(PostMessage), c => c.Ok && c.Arg("text")!.Contains("requested feedback", StringComparison.Ordinal));
        var paused = await host.HealthAsync();
        Assert.True((int)paused["outbox"]!["platforms"]!["slack"]!["waiting"]! >= 1, paused.ToJsonString());
        Assert.Equal(0, (int)paused["outbox"]!["platforms"]!["teams"]!["waiting"]!);

        host.App.Time.Advance(TimeSpan.FromSeconds(61));
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        var delivered = host.Slack.CallsTo(PostMessage).Where(c => c.Ok).GroupBy(c => (c.Arg("channel"), c.Arg("text"))).ToList();
        Assert.All(delivered, g => Assert.Single(g));
        Assert.Contains(delivered, g => g.Key.Item1 == TwoPlatformFixture.SlackReleaseChannel && g.Key.Item2!.Contains("requested feedback", StringComparison.Ordinal));
        Assert.Contains(delivered, g => g.Key.Item1 == FakeSlackApi.DmChannelFor(SlackFlow.Ben));
    }

    [Fact]
    public async Task DeadLetter_IsListedPerDelivery_AndARetryThroughTheApiSendsItOnce()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        host.Slack.FailNextWithError(PostMessage, "channel_not_found", channel: TwoPlatformFixture.SlackReleaseChannel);
        await host.RegisterAndRequestFeedbackAsync();
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        var health = await host.HealthAsync();
        Assert.Equal(1, (int)health["outbox"]!["deadLetters"]!);
        Assert.Equal(1, (int)health["outbox"]!["platforms"]!["slack"]!["deadLetters"]!);
        var letter = Assert.Single((await ApiJson.ReadAsync(await host.Api.GetAsync("/api/v1/outbox/dead"))).AsArray())!;
        Assert.Equal(("slack", $"channel:{TwoPlatformFixture.SlackReleaseChannel}", "channel-status", Item),
            ((string?)letter["platform"], (string?)letter["target"], (string?)letter["kind"], (string?)letter["item"]));
        Assert.Contains("channel_not_found", (string?)letter["lastError"], StringComparison.Ordinal);
        var id = (long)letter["id"]!;

        using (var auditOnly = host.App.CreateClient(HostFixture.AuditOnlyKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await auditOnly.PostAsync($"/api/v1/outbox/dead/{id}/retry", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await host.Api.PostAsync($"/api/v1/outbox/dead/{id + 1000}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Api.PostAsync("/api/v1/outbox/dead/x1/retry", null)).StatusCode);
        var retried = await host.Api.PostAsync($"/api/v1/outbox/dead/{id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("waiting", (string?)(await ApiJson.ReadAsync(retried))["status"]);
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        Assert.Single(host.Slack.CallsTo(PostMessage), c => c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel && c.Arg("text")!.Contains("requested feedback", StringComparison.Ordinal));
        Assert.Equal(0, (int)(await host.HealthAsync())["outbox"]!["deadLetters"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Api.PostAsync($"/api/v1/outbox/dead/{id}/retry", null)).StatusCode);
    }

    private const int StatusCodesNotFound = 404;
}
