using SignOffBot.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignOffBot.Host.Tests.Outbox;

/// <summary>On the real clock, the dispatcher wakes at a delivery's next attempt, not on a polling clock.</summary>
public sealed class OutboxTimingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ARetryAfterATransientFailure_GoesOutAtItsBackoff_NotAtAPoll()
    {
        await using var host = await TwoPlatformFixture.StartAsync(systemClock: true);

        // The first status line in the Slack release channel meets a transient Slack error: the outbox retries it after
        // its first backoff (2 s); the dispatcher's backstop is 30 s.
        host.Slack.FailNextWithError("chat.postMessage", "internal_error", channel: TwoPlatformFixture.SlackReleaseChannel);
        await host.RegisterAndRequestFeedbackAsync();

        var calls = await host.Slack.WaitUntilAsync(
            all => all.Any(c => c.Method == "chat.postMessage" && c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel),
            TimeSpan.FromSeconds(15));
        var toChannel = calls.Where(c => c.Method == "chat.postMessage" && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel).ToList();
        var failed = Assert.Single(toChannel, c => !c.Ok);
        var retried = toChannel.First(c => c.Ok);
        var wait = (retried.ReceivedAt - failed.AnsweredAt).TotalSeconds;
        output.WriteLine($"retried {wait:F2} s after the failure");
        Assert.InRange(wait, 1.5, 6); // the backoff (2 s), well short of the 30 s backstop
    }

    [Fact]
    public async Task PostsIntoOneChannel_ArePaced_AboutOnePerSecondInSlack_TwoPerSecondInTeams()
    {
        await using var host = await TwoPlatformFixture.StartAsync(systemClock: true);
        host.Teams.ExtraChannels.Add((Teams.Flows.TeamsFixture.ReleaseChannel, "Releases"));
        await host.AddBotToTeamAsync("19:team-general@thread.tacv2", Teams.Flows.TeamsFixture.ReleaseChannel);

        // Three items asked for feedback at once: three status lines for each release channel, queued together, and in
        // Teams an @mention there for each reviewer the bot cannot reach privately (not in this team's roster).
        foreach (var version in new[] { "7", "8", "9" })
        {
            await ApiJson.RegisterAsync(host.Api, "fraud-detection", "churn-xgb", version, "ana@example.com", "low");
            var requested = await host.Api.PostAsync($"/api/v1/items/fraud-detection/churn-xgb@{version}/request-feedback", ApiJson.Body(new { by = "ana@example.com" }));
            Assert.Equal(System.Net.HttpStatusCode.OK, requested.StatusCode);
        }

        var slack = (await host.Slack.WaitUntilAsync(all => SlackLines(all).Count == 3, TimeSpan.FromSeconds(15))).Where(c => SlackLines([c]).Count == 1).ToList();
        var deadline = Environment.TickCount64 + 15_000;
        while (TeamsLines(host).Count(r => r.BodyText.Contains("requested feedback", StringComparison.Ordinal)) < 3)
        {
            Assert.True(Environment.TickCount64 < deadline, "three Teams status lines within 15 s");
            await Task.Delay(50);
        }

        var slackGaps = slack.Zip(slack.Skip(1), (a, b) => (b.ReceivedAt - a.ReceivedAt).TotalSeconds).ToList();
        var teams = TeamsLines(host);
        var teamsGaps = teams.Zip(teams.Skip(1), (a, b) => (b.AnsweredAt - a.AnsweredAt).TotalSeconds).ToList();
        output.WriteLine($"Slack gaps {string.Join(", ", slackGaps.Select(g => g.ToString("F2")))} s; Teams gaps {string.Join(", ", teamsGaps.Select(g => g.ToString("F2")))} s");
        // The pace holds where the posts start; where they arrive, a loaded machine adds jitter of a few hundred
        // milliseconds to any one gap, so the pace is read over the whole run (unpaced posts would arrive together).
        Assert.True(slackGaps.Sum() >= 0.8 * slackGaps.Count, $"Slack: {slackGaps.Count} gaps over {slackGaps.Sum():F2} s");
        Assert.All(slackGaps, g => Assert.InRange(g, 0.3, 5));
        Assert.True(teams.Count > 3, "the Teams channel also got the @mentions");
        Assert.True(teamsGaps.Sum() >= 0.4 * teamsGaps.Count, $"Teams: {teamsGaps.Count} gaps over {teamsGaps.Sum():F2} s");
        Assert.All(teamsGaps, g => Assert.InRange(g, 0.1, 5));

        static List<SignOffBot.Testing.Slack.SlackApiCall> SlackLines(IEnumerable<SignOffBot.Testing.Slack.SlackApiCall> calls) =>
            [.. calls.Where(c => c.Method == "chat.postMessage" && c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel)];

        static List<SignOffBot.Testing.Teams.ConnectorRequest> TeamsLines(TwoPlatformFixture host) =>
            [.. host.Teams.ConnectorRequests.Where(r => r.Method == "POST" && r.StatusCode is >= 200 and < 300 && r.ConversationId == Teams.Flows.TeamsFixture.ReleaseChannel)];
    }
}
