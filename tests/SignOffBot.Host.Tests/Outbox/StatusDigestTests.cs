using System.Text.RegularExpressions;
using SignOffBot.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignOffBot.Host.Tests.Outbox;

/// <summary>
/// A burst of status lines for one release channel: the channel's pace holds them back, and once five or more wait
/// they go out together as one message, in order, each line exactly once, on both platforms.
/// </summary>
public sealed class StatusDigestTests(ITestOutputHelper output)
{
    private static readonly string[] Versions = ["1", "2", "3", "4", "5", "6", "7"];

    [Fact]
    public async Task ABurstOfStatusLines_GoesOutAsADigest_InOrder_EachLineOnce_OnBothPlatforms()
    {
        await using var host = await TwoPlatformFixture.StartAsync(systemClock: true);
        host.Teams.ExtraChannels.Add((Teams.Flows.TeamsFixture.ReleaseChannel, "Releases"));
        await host.AddBotToTeamAsync("19:team-general@thread.tacv2", Teams.Flows.TeamsFixture.ReleaseChannel);

        foreach (var version in Versions)
        {
            await ApiJson.RegisterAsync(host.Api, "fraud-detection", "churn-xgb", version, "ana@example.com", "low");
            var requested = await host.Api.PostAsync($"/api/v1/items/fraud-detection/churn-xgb@{version}/request-feedback", ApiJson.Body(new { by = "ana@example.com" }));
            Assert.Equal(System.Net.HttpStatusCode.OK, requested.StatusCode);
        }

        var slack = (await host.Slack.WaitUntilAsync(all => LinesIn(SlackTexts(all)).Count == Versions.Length, TimeSpan.FromSeconds(20)))
            .Where(c => c.Method == "chat.postMessage" && c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel).ToList();
        var deadline = Environment.TickCount64 + 20_000;
        while (LinesIn(TeamsTexts(host)).Count < Versions.Length)
        {
            Assert.True(Environment.TickCount64 < deadline, "every Teams status line within 20 s");
            await Task.Delay(50);
        }

        var slackTexts = SlackTexts(slack);
        var teamsTexts = TeamsTexts(host);
        output.WriteLine("Slack:\n" + string.Join("\n---\n", slackTexts) + "\nTeams:\n" + string.Join("\n---\n", teamsTexts));
        foreach (var texts in new[] { slackTexts, teamsTexts })
        {
            Assert.Contains(texts, t => Regex.IsMatch(t, @"^[5-7] status changes:\n"));
            Assert.Equal(Versions.Select(v => $"fraud-detection/churn-xgb@{v}"), LinesIn(texts));
        }

        Assert.True(slack.Count < Versions.Length, "the lines held back went out together");

        // /healthz counts each line of a digest as a delivery sent.
        var sent = 0L;
        for (var tries = 0; tries < 100 && sent < 2 * Versions.Length; tries++)
        {
            sent = (long)(await host.HealthAsync())["outbox"]!["sentSinceStart"]!;
            await Task.Delay(sent < 2 * Versions.Length ? 50 : 0);
        }

        Assert.True(sent >= 2 * Versions.Length, $"{sent} deliveries counted as sent; {2 * Versions.Length} status lines went out");
        var gaps = slack.Zip(slack.Skip(1), (a, b) => (b.ReceivedAt - a.ReceivedAt).TotalSeconds).ToList();
        Assert.All(gaps, g => Assert.True(g >= 0.8, $"posts into one Slack channel {g:F2} s apart"));
    }

    /// <summary>The items of the "requested feedback" lines, in the order the channel shows them.</summary>
    private static List<string> LinesIn(IEnumerable<string> texts) =>
        [.. texts.SelectMany(t => Regex.Matches(t, @"(fraud-detection/churn-xgb@\d+): Ana Ortiz requested feedback").Select(m => m.Groups[1].Value))];

    private static List<string> SlackTexts(IEnumerable<SignOffBot.Testing.Slack.SlackApiCall> calls) =>
        [.. calls.Where(c => c.Method == "chat.postMessage" && c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel).Select(c => c.Arg("text") ?? "")];

    private static List<string> TeamsTexts(TwoPlatformFixture host) =>
        [.. host.Teams.ConnectorRequests
            .Where(r => r.Method == "POST" && r.StatusCode is >= 200 and < 300 && r.ConversationId?.StartsWith(Teams.Flows.TeamsFixture.ReleaseChannel, StringComparison.Ordinal) == true)
            .Select(r => (string?)r.Body?["text"] ?? "")];
}
