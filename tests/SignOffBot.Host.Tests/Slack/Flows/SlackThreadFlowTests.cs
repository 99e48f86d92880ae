using System.Net;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Slack.Flows;

/// <summary>
/// A busy release channel shows one thread per item, in Slack and in Teams: later status lines reply under the item's
/// first one.
/// </summary>
public sealed class SlackThreadFlowTests
{
    [Fact]
    public async Task StatusLinesOfAnItem_AreRepliesInItsThread_InSlackAndTeams_AndTheFinalDecisionIsAlsoShownInTheSlackChannel()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        const string TeamsRelease = Teams.Flows.TeamsFixture.ReleaseChannel;
        host.Teams.ExtraChannels.Add((TeamsRelease, "Releases"));
        await host.AddBotToTeamAsync("19:team-general@thread.tacv2", TeamsRelease);
        await host.RegisterAndRequestFeedbackAsync();
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        await host.SlackInteractAsync(Press(Ben, "feedback.approve", Review("Risk & Compliance")));
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        Assert.Equal(HttpStatusCode.OK, (await host.Api.PostAsync($"/api/v1/items/{Item}/request-final", ApiJson.Body(new { by = "ana@example.com" }))).StatusCode);
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        await host.SlackInteractAsync(Press(Chen, "final.approve", Review("final")));
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);

        var lines = host.Slack.CallsTo("chat.postMessage").Where(c => c.Ok && c.Arg("channel") == ReleaseChannel && c.Arg("text")!.StartsWith(Item + ":", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= 4, string.Join("\n", lines.Select(l => l.Arg("text"))));
        var root = lines[0];
        Assert.Contains("requested feedback", root.Arg("text"), StringComparison.Ordinal);
        Assert.Null(root.Arg("thread_ts"));
        var rootTs = (string?)root.Response?["ts"];
        Assert.False(string.IsNullOrEmpty(rootTs));
        Assert.All(lines.Skip(1), l => Assert.Equal(rootTs, l.Arg("thread_ts")));
        var final = Assert.Single(lines, l => l.Arg("text")!.Contains("decided approve", StringComparison.Ordinal));
        Assert.Equal(true, (bool?)final.Body?["reply_broadcast"]);
        Assert.All(lines.Where(l => l != final), l => Assert.Null(l.Body?["reply_broadcast"]));

        // Teams: the first line is a post in the channel, the others replies in its thread.
        var teamsLines = host.Teams.ConnectorRequests
            .Where(r => r.Method == "POST" && r.StatusCode == 201 && r.ConversationId!.StartsWith(TeamsRelease, StringComparison.Ordinal)
                && ((string?)r.Body?["text"])?.StartsWith(Item + ":", StringComparison.Ordinal) == true)
            .ToList();
        Assert.Equal(lines.Count, teamsLines.Count);
        Assert.Equal(TeamsRelease, teamsLines[0].ConversationId);
        var thread = teamsLines[1].ConversationId!;
        Assert.StartsWith(TeamsRelease + ";messageid=", thread, StringComparison.Ordinal);
        Assert.All(teamsLines.Skip(1), r => Assert.Equal(thread, r.ConversationId));
    }
}
