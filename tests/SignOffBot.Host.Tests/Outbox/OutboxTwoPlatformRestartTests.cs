using SignOffBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Teams.Conversations;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;
using SignOffBot.Testing.Teams;
using SignOffBot.Host.Tests.Teams.Flows;

namespace SignOffBot.Host.Tests.Outbox;

/// <summary>A host stopped with deliveries pending on both platforms: the next host over the same store sends each exactly once.</summary>
public sealed class OutboxTwoPlatformRestartTests
{
    private const string TeamId = "19:team-general@thread.tacv2";

    [Fact]
    public async Task HostStoppedWithDeliveriesPendingOnTeamsAndSlack_TheNextHostSendsEachExactlyOnce()
    {
        await using var teams = await FakeBotFramework.StartAsync();
        await using var slack = await FakeSlackApi.StartAsync();
        teams.AddMember(TeamsFixture.Ben.Id, TeamsFixture.Ben.Aad, TeamsFixture.Ben.Name, "ben@example.com");
        teams.ExtraChannels.Add((TeamsFixture.ReleaseChannel, "Releases"));
        var databasePath = Path.Combine(TempFolder.Create(), "data", "signoff.db");
        await using (var first = TwoPlatformFixture.Over(teams, slack, databasePath))
        {
            await first.AddBotToTeamAsync(TeamId, TeamsFixture.ReleaseChannel);

            // The first post to each release channel fails with 500; each client then waits (in fake time, which stands
            // still) to retry, so those deliveries are still pending when the host stops.
            slack.FailNextServerError("chat.postMessage", channel: TwoPlatformFixture.SlackReleaseChannel);
            teams.FailNext($"/v3/conversations/{TeamsFixture.ReleaseChannel}/activities", 500, FakeBotFramework.ErrorBody("ServiceError", "Try again."), method: "POST");
            await first.RegisterAndRequestFeedbackAsync();
            var deadline = Environment.TickCount64 + 10_000;
            while (!slack.CallsTo("chat.postMessage").Any(c => !c.Ok) || !teams.ConnectorRequests.Any(r => r.StatusCode == 500))
            {
                Assert.True(Environment.TickCount64 < deadline, "the failing sends were not tried");
                await Task.Delay(20);
            }

            Assert.True(await first.WaitingAsync() >= 2);
        }

        await DatabaseFiles.WaitUntilClosedAsync(databasePath);
        await using var second = TwoPlatformFixture.Over(teams, slack, databasePath);
        await second.DriveUntilAsync(async () => await second.WaitingAsync() == 0);
        second.App.Time.Advance(TimeSpan.FromMinutes(1));
        await second.Dispatcher.DispatchDueAsync(CancellationToken.None);

        var slackPosts = slack.CallsTo("chat.postMessage").Where(c => c.Ok).GroupBy(c => (c.Arg("channel"), c.Arg("text"))).ToList();
        Assert.All(slackPosts, g => Assert.Single(g));
        Assert.Single(slackPosts, g => g.Key.Item1 == TwoPlatformFixture.SlackReleaseChannel && g.Key.Item2!.Contains("requested feedback", StringComparison.Ordinal));
        Assert.Single(teams.ConnectorRequests, r => r.Method == "POST" && r.StatusCode == 201 && r.ConversationId == TeamsFixture.ReleaseChannel
            && ((string?)r.Body?["text"])?.Contains("requested feedback", StringComparison.Ordinal) == true);
        var benChat = second.App.Services.GetRequiredService<TeamsConversations>().Personal("ben@example.com")?.ConversationId;
        Assert.NotNull(benChat);
        Assert.Single(teams.ConnectorRequests, r => r.Method == "POST" && r.StatusCode == 201 && r.ConversationId == benChat && r.Body?["attachments"] is not null);
        Assert.Equal(0, (int)(await second.HealthAsync())["outbox"]!["deadLetters"]!);
    }
}
