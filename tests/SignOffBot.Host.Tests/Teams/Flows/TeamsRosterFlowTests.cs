using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Teams.Conversations;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;
using SignOffBot.Testing.Teams;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>
/// Teams and Slack both on, reviewers who never wrote to the bot: once the bot is added to the project's team it reads
/// the roster and the channels, so a Teams-only reviewer gets a private card in a 1:1 chat the bot creates, and the
/// release channel (not General) gets its status line, while Slack people get theirs in Slack.
/// </summary>
public sealed class TeamsRosterFlowTests
{
    private const string Item = "fraud-detection/churn-xgb@7";
    private const string TeamId = "19:team-general@thread.tacv2";
    private const string ReleaseChannel = TeamsFixture.ReleaseChannel;

    [Fact]
    public async Task BotAddedToTheTeam_EveryReviewerGetsOnePrivateCardPerPlatformTheyAreOn_AndTheReleaseChannelItsStatus()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        // The team's roster: Bea (Teams only), Ben (Teams and Slack), Chen, and someone whose roster e-mail claims to be
        // Ana's address (the e-mail field is not proof of identity: only the Entra object id or the UPN are).
        host.Teams.AddMember(TeamsFixture.Bea.Id, TeamsFixture.Bea.Aad, TeamsFixture.Bea.Name, "biz@example.com");
        host.Teams.AddMember(TeamsFixture.Ben.Id, TeamsFixture.Ben.Aad, TeamsFixture.Ben.Name, "ben@example.com");
        host.Teams.AddMember(TeamsFixture.Chen.Id, TeamsFixture.Chen.Aad, TeamsFixture.Chen.Name, "chen@example.com");
        host.Teams.AddMember("29:1user-mallory", "00000000-0000-0000-0000-0000000000ff", "Mallory", "ana@example.com", "mallory@example.com");
        host.Teams.ExtraChannels.Add((ReleaseChannel, "Releases"));

        await host.AddBotToTeamAsync(TeamId, ReleaseChannel);
        var conversations = host.App.Services.GetRequiredService<TeamsConversations>();
        Assert.NotNull(conversations.ByUserId(TeamsFixture.Bea.Id));
        Assert.Contains(host.Teams.ConnectorRequests, r => r.Method == "GET" && r.Path.EndsWith("/pagedmembers", StringComparison.Ordinal) && r.RawPath.Contains(Uri.EscapeDataString(TeamId), StringComparison.Ordinal));
        Assert.True(host.Teams.ConnectorRequests.Count(r => r.Path.EndsWith("/pagedmembers", StringComparison.Ordinal)) >= 2, "the roster's pages were followed");
        Assert.Null(conversations.ByUserId("29:1user-mallory")!.PersonId);
        Assert.Null(conversations.User("ana@example.com"));

        await host.RegisterAndRequestFeedbackAsync();
        await host.DriveUntilAsync(async () =>
        {
            var outbox = (await host.HealthAsync())["outbox"]!;
            return (int)outbox["waiting"]! == 0 && (int)outbox["unreachable"]! == 0;
        });

        // Teams: a 1:1 created from the roster for each Teams reviewer, one card each.
        foreach (var (user, person) in new[] { (TeamsFixture.Bea, "biz@example.com"), (TeamsFixture.Ben, "ben@example.com"), (TeamsFixture.Chen, "chen@example.com") })
        {
            var create = Assert.Single(host.Teams.ConnectorRequests, r => r.Method == "POST" && r.Path == "/v3/conversations" && (string?)r.Body?["members"]?[0]?["id"] == user.Id);
            Assert.Equal(host.Teams.TenantId, (string?)create.Body!["tenantId"]);
            var chat = conversations.Personal(person)?.ConversationId;
            Assert.NotNull(chat);
            Assert.Single(host.Teams.ConnectorRequests, r => r.Method == "POST" && r.ConversationId == chat && r.Body?["attachments"] is not null);
        }

        // Slack: one DM card for each Slack reviewer (Olga only in Slack, Ben in both); none for Bea (not in Slack).
        foreach (var slackUser in new[] { "U0OPS", "U0BEN", "U0CHEN" })
        {
            Assert.Single(host.Slack.CallsTo("chat.postMessage"), c => c.Ok && c.Arg("channel") == FakeSlackApi.DmChannelFor(slackUser) && c.Body?["blocks"] is not null);
        }

        // The release channels: the Teams one learnt from the channel list, the Slack one; one status line each.
        Assert.Single(host.Teams.ConnectorRequests, r => r.Method == "POST" && r.ConversationId == ReleaseChannel && ((string?)r.Body?["text"])?.Contains("requested feedback", StringComparison.Ordinal) == true);
        Assert.Single(host.Slack.CallsTo("chat.postMessage"), c => c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel && c.Arg("text")!.Contains("requested feedback", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Teams.ConnectorRequests, r => r.Method == "POST" && r.ConversationId == TeamId && ((string?)r.Body?["text"])?.Contains("requested feedback", StringComparison.Ordinal) == true);
        var health = await host.HealthAsync();
        Assert.Equal(0, (int)health["outbox"]!["deadLetters"]!);
        var details = await host.DetailsAsync();
        Assert.DoesNotContain(ReleaseChannel, details["unreachable"]!["teamsChannels"]!.AsArray().Select(c => (string?)c));
        Assert.DoesNotContain("biz@example.com", details["unreachable"]!["teamsPeople"]!.AsArray().Select(c => (string?)c));
    }

    [Fact]
    public async Task BotRemovedFromTheTeam_ItsChannelsAreForgotten_AndStatusLinesWaitAsUnreachable()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        host.Teams.ExtraChannels.Add((ReleaseChannel, "Releases"));
        await host.AddBotToTeamAsync(TeamId, ReleaseChannel);
        var conversations = host.App.Services.GetRequiredService<TeamsConversations>();

        var removed = host.Teams.BotAddedToTeamActivity(TeamId) with { MembersAdded = null, MembersRemoved = [new() { Id = "28:" + host.Teams.AppId }] };
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsActivityAsync(removed)).StatusCode);
        Assert.Null(conversations.Channel(ReleaseChannel));

        await ApiJson.RegisterAsync(host.Api, "fraud-detection", "churn-xgb", "7", "ana@example.com", "low");
        await host.Api.PostAsync($"/api/v1/items/{Item}/request-final", ApiJson.Body(new { by = "ana@example.com" }));
        await host.DriveUntilAsync(async () => (int)(await host.HealthAsync())["outbox"]!["waiting"]! == 0);
        var health = await host.HealthAsync();
        Assert.True((int)health["outbox"]!["platforms"]!["teams"]!["unreachable"]! >= 1, health.ToJsonString());
        Assert.Contains(ReleaseChannel, (await host.DetailsAsync())["unreachable"]!["teamsChannels"]!.AsArray().Select(c => (string?)c));
        Assert.DoesNotContain(host.Teams.ConnectorRequests, r => r.Method == "POST" && r.ConversationId == ReleaseChannel);

        // Still unreachable after a week: a dead letter (kept, listed, retriable), no longer checked every 5 minutes.
        host.App.Time.Advance(TimeSpan.FromDays(8));
        await host.Dispatcher.DispatchDueAsync(CancellationToken.None);
        await host.Dispatcher.DispatchDueAsync(CancellationToken.None);
        var later = await host.HealthAsync();
        Assert.Equal(0, (int)later["outbox"]!["platforms"]!["teams"]!["unreachable"]!);
        Assert.True((int)later["outbox"]!["platforms"]!["teams"]!["deadLetters"]! >= 1, later.ToJsonString());
        var letters = (await ApiJson.ReadAsync(await host.Api.GetAsync("/api/v1/outbox/dead"))).AsArray();
        Assert.Contains(letters, l => (string?)l!["target"] == $"channel:{ReleaseChannel}" && ((string?)l["lastError"])!.Contains("unreachable for 7 days", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChannelAnswersBotNotInConversationRoster_TheChannelIsForgotten_TheStatusWaits_AndGoesOutOnceTheBotIsAddedAgain()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        host.Teams.ExtraChannels.Add((ReleaseChannel, "Releases"));
        await host.AddBotToTeamAsync(TeamId, ReleaseChannel);
        var conversations = host.App.Services.GetRequiredService<TeamsConversations>();

        host.Teams.FailNext($"/v3/conversations/{ReleaseChannel}/activities", 403,
            FakeBotFramework.ErrorBody("BotNotInConversationRoster", "The bot is not part of the conversation roster."), method: "POST");
        await ApiJson.RegisterAsync(host.Api, "fraud-detection", "churn-xgb", "7", "ana@example.com", "low");
        await host.Api.PostAsync($"/api/v1/items/{Item}/request-final", ApiJson.Body(new { by = "ana@example.com" }));
        await host.DriveUntilAsync(async () => (int)(await host.HealthAsync())["outbox"]!["waiting"]! == 0);

        var waiting = await host.HealthAsync();
        Assert.True((int)waiting["outbox"]!["platforms"]!["teams"]!["unreachable"]! >= 1, waiting.ToJsonString());
        Assert.Equal(0, (int)waiting["outbox"]!["deadLetters"]!);
        Assert.Null(conversations.Channel(ReleaseChannel));

        await host.AddBotToTeamAsync(TeamId, ReleaseChannel);
        await host.DriveUntilAsync(() => Task.FromResult(host.Teams.ConnectorRequests.Any(r => r.Method == "POST" && r.ConversationId == ReleaseChannel && r.StatusCode == 201
            && ((string?)r.Body?["text"])?.Contains("requested the final approval", StringComparison.Ordinal) == true)));
        Assert.Single(host.Teams.ConnectorRequests, r => r.Method == "POST" && r.ConversationId == ReleaseChannel && r.StatusCode == 201
            && ((string?)r.Body?["text"])?.Contains("requested the final approval", StringComparison.Ordinal) == true);
        Assert.Equal(0, (int)(await host.HealthAsync())["outbox"]!["deadLetters"]!);
    }
}
