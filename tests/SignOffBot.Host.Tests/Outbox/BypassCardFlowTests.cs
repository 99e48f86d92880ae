using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using SignOffBot.Core.DeployChecks;
using SignOffBot.Host.Reminders;
using SignOffBot.Host.Slack;
using SignOffBot.Host.Teams.Conversations;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;
using SlackFlow = SignOffBot.Host.Tests.Slack.Flows.SlackFixture;

namespace SignOffBot.Host.Tests.Outbox;

/// <summary>
/// Bypass request cards, with Teams and Slack both on: every copy sent to the on-call approvers is stored and redrawn
/// when one of them decides (no Grant/Deny left anywhere), and again when a granted bypass runs out; the requester is
/// told privately each time.
/// </summary>
public sealed class BypassCardFlowTests
{
    private const string Item = "fraud-detection/churn-xgb@7";
    private const string PostMessage = "chat.postMessage";

    // Lee (on call, sre-oncall) is in Slack and in Teams here; Omar (on call) only in Slack.
    private static readonly (string Id, string Aad, string Name) LeeInTeams = ("29:1user-lee", "00000000-0000-0000-0000-0000000011ee", "Lee Min-jun");

    [Fact]
    public async Task AGrantInSlack_RedrawsEveryCopyOnBothPlatforms_AndTheExpiryRedrawsThemAgain()
    {
        await using var host = await TwoPlatformFixture.StartAsync(settings: LeeAlsoInTeams());
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsMessageAsync(LeeInTeams, "pending")).StatusCode);
        await host.RegisterAndRequestFeedbackAsync();
        await host.SlackCommandAsync(SlackFlow.Ana, $"bypass {Item} prod-api --incident INC-311 --hours 4");

        var omarDm = FakeSlackApi.DmChannelFor("U0OMAR");
        var leeDm = FakeSlackApi.DmChannelFor("U0LEE");
        var leeChat = SignOffBot.Host.Tests.Teams.Flows.TeamsFixture.PersonalConversation(LeeInTeams);
        await host.DriveUntilAsync(() => Task.FromResult(
            BypassPosts(host, omarDm).Count == 1 && BypassPosts(host, leeDm).Count == 1
            && host.Teams.ConnectorRequests.Any(r => r.Method == "POST" && r.ConversationId == leeChat && r.BodyText.Contains("bypass.grant", StringComparison.Ordinal))));
        var bypassId = BypassIdIn(BypassPosts(host, omarDm)[0]);
        var slackCopies = host.App.Services.GetRequiredService<SlackCardCopies>().Of(Bypass.CardKey(bypassId));
        Assert.Equal([leeDm, omarDm], slackCopies.Select(c => c.Channel).Order(StringComparer.Ordinal));
        var teamsCopy = Assert.Single(host.App.Services.GetRequiredService<TeamsConversations>().CopiesOf(Bypass.CardKey(bypassId)));
        Assert.Equal("lee@example.com", teamsCopy.Viewer);

        // Omar grants from his Slack DM: both Slack copies and Lee's Teams copy lose their buttons.
        var updatesBefore = host.Slack.CallsTo("chat.update").Count;
        await host.SlackInteractAsync(SlackFlow.Press("U0OMAR", "bypass.grant", new JsonObject { ["bypass"] = bypassId }, channel: omarDm));
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        var granted = host.Slack.CallsTo("chat.update").Skip(updatesBefore).Where(c => c.Ok).ToList();
        Assert.Equal([leeDm, omarDm], granted.Select(c => c.Arg("channel")).Order(StringComparer.Ordinal));
        Assert.All(granted, c =>
        {
            Assert.DoesNotContain("bypass.grant", c.BodyText, StringComparison.Ordinal);
            Assert.Contains("Granted by oncall@example.com", c.BodyText, StringComparison.Ordinal);
        });
        var teamsGranted = Assert.Single(host.Teams.ConnectorRequests, r => r.Method == "PUT" && r.ActivityId == teamsCopy.ActivityId);
        Assert.DoesNotContain("Action.Execute", teamsGranted.BodyText, StringComparison.Ordinal);
        Assert.Contains("granted", teamsGranted.BodyText, StringComparison.Ordinal);
        Assert.Contains(host.Slack.CallsTo(PostMessage), c => c.Ok && c.Arg("channel") == FakeSlackApi.DmChannelFor(SlackFlow.Ana)
            && c.Arg("text")!.StartsWith("Omar Haddad granted your emergency bypass of " + Item, StringComparison.Ordinal));

        // Four hours later the bypass runs out: the cards say so, Ana is told, the release channels get the line.
        host.App.Time.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1));
        var updatesAtExpiry = host.Slack.CallsTo("chat.update").Count;
        host.App.Services.GetRequiredService<ReminderScanner>().RunDue();
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        var expired = host.Slack.CallsTo("chat.update").Skip(updatesAtExpiry).Where(c => c.Ok).ToList();
        Assert.Equal([leeDm, omarDm], expired.Select(c => c.Arg("channel")).Order(StringComparer.Ordinal));
        Assert.All(expired, c => Assert.Contains("expired", c.BodyText, StringComparison.Ordinal));
        Assert.Equal(2, host.Teams.ConnectorRequests.Count(r => r.Method == "PUT" && r.ActivityId == teamsCopy.ActivityId));
        Assert.Contains("expired", host.Teams.ConnectorRequests.Last(r => r.Method == "PUT" && r.ActivityId == teamsCopy.ActivityId).BodyText, StringComparison.Ordinal);
        Assert.Single(host.Slack.CallsTo(PostMessage), c => c.Ok && c.Arg("channel") == FakeSlackApi.DmChannelFor(SlackFlow.Ana)
            && c.Arg("text")!.StartsWith($"Your emergency bypass of {Item} on prod-api expired", StringComparison.Ordinal));
        Assert.Single(host.Slack.CallsTo(PostMessage), c => c.Ok && c.Arg("channel") == TwoPlatformFixture.SlackReleaseChannel
            && c.Arg("text")!.Contains("the emergency bypass on prod-api (incident INC-311) expired", StringComparison.Ordinal));

        // Due once: a later scan sends nothing more.
        host.App.Time.Advance(TimeSpan.FromHours(1));
        host.App.Services.GetRequiredService<ReminderScanner>().RunDue();
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        Assert.Equal(expired.Count, host.Slack.CallsTo("chat.update").Skip(updatesAtExpiry).Count(c => c.Ok && c.BodyText.Contains("expired", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ADenyInTeams_RedrawsThePressedCardInItsAnswer_AndTheSlackCopies()
    {
        await using var host = await TwoPlatformFixture.StartAsync(settings: LeeAlsoInTeams());
        Assert.Equal(HttpStatusCode.OK, (await host.TeamsMessageAsync(LeeInTeams, "pending")).StatusCode);
        await host.RegisterAndRequestFeedbackAsync();
        await host.SlackCommandAsync(SlackFlow.Ana, $"bypass {Item} prod-api --incident INC-312 --hours 2");
        var omarDm = FakeSlackApi.DmChannelFor("U0OMAR");
        await host.DriveUntilAsync(() => Task.FromResult(BypassPosts(host, omarDm).Count == 1
            && host.App.Services.GetRequiredService<TeamsConversations>().CopiesOf(Bypass.CardKey(BypassIdIn(BypassPosts(host, omarDm)[0]))).Count == 1));
        var bypassId = BypassIdIn(BypassPosts(host, omarDm)[0]);

        var value = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "bypass.deny", ["data"] = new JsonObject { ["bypass"] = bypassId } },
            ["trigger"] = "manual",
        };
        var press = host.Teams.InvokeActivity("adaptiveCard/action", value, LeeInTeams.Id, LeeInTeams.Aad, LeeInTeams.Name,
            conversationId: SignOffBot.Host.Tests.Teams.Flows.TeamsFixture.PersonalConversation(LeeInTeams));
        var answer = await host.TeamsActivityAsync(press);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var invoke = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)invoke["type"]);
        var card = invoke["value"]!.ToJsonString();
        Assert.Contains("""{"title":"Status","value":"denied"}""", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Action.Execute", card, StringComparison.Ordinal);

        var updatesBefore = host.Slack.CallsTo("chat.update").Count;
        await host.DriveUntilAsync(async () => await host.WaitingAsync() == 0);
        var denied = host.Slack.CallsTo("chat.update").Skip(updatesBefore).Where(c => c.Ok).ToList();
        Assert.Contains(denied, c => c.Arg("channel") == omarDm && c.BodyText.Contains("Denied by lee@example.com", StringComparison.Ordinal));
        Assert.All(denied, c => Assert.DoesNotContain("bypass.grant", c.BodyText, StringComparison.Ordinal));
        Assert.Contains(host.Slack.CallsTo(PostMessage), c => c.Ok && c.Arg("channel") == FakeSlackApi.DmChannelFor(SlackFlow.Ana)
            && c.Arg("text") == $"Lee Min-jun denied your emergency bypass of {Item} on prod-api.");
    }

    /// <summary>The sample directory with Lee's Entra object id added.</summary>
    private static Dictionary<string, string?> LeeAlsoInTeams()
    {
        var settings = HostFixture.SampleGovernanceSettings();
        Assert.Equal("lee@example.com", settings["Governance:People:7:Id"]);
        settings["Governance:People:7:TeamsAadObjectId"] = LeeInTeams.Aad;
        return settings;
    }

    private static List<SlackApiCall> BypassPosts(TwoPlatformFixture host, string channel) =>
        [.. host.Slack.CallsTo(PostMessage).Where(c => c.Ok && c.Arg("channel") == channel && c.BodyText.Contains("bypass.grant", StringComparison.Ordinal))];

    /// <summary>The bypass id in the value of the Grant button of a posted bypass message.</summary>
    private static string BypassIdIn(SlackApiCall post)
    {
        var grant = post.Body!["blocks"]!.AsArray().Where(b => (string?)b!["type"] == "actions").SelectMany(b => b!["elements"]!.AsArray()).First();
        return (string)JsonNode.Parse((string)grant!["value"]!)!["bypass"]!;
    }
}
