using System.Net;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsHost;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>/healthz lists the Teams release channels and people the bot has not seen yet (SPEC section 4).</summary>
public sealed class TeamsReachabilityTests
{
    [Fact]
    public async Task Healthz_ListsUnreachableChannelsAndPeople_UntilTheBotHasSeenThem()
    {
        await using var teams = await TeamsHost.StartAsync();

        var before = await ApiJson.ReadAsync(await teams.Http.GetAsync("/healthz"));
        var channels = before["unreachable"]!["teamsChannels"]!.AsArray().Select(c => (string?)c).ToList();
        var people = before["unreachable"]!["teamsPeople"]!.AsArray().Select(p => (string?)p).ToList();
        Assert.Contains(ReleaseChannel, channels);
        Assert.Contains("ben@example.com", people);

        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ben, "pending"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ana, "pending", "channel"))).StatusCode);

        var after = await ApiJson.ReadAsync(await teams.Http.GetAsync("/healthz"));
        Assert.DoesNotContain(ReleaseChannel, after["unreachable"]!["teamsChannels"]!.AsArray().Select(c => (string?)c));
        Assert.DoesNotContain("ben@example.com", after["unreachable"]!["teamsPeople"]!.AsArray().Select(p => (string?)p));
        Assert.DoesNotContain("ana@example.com", after["unreachable"]!["teamsPeople"]!.AsArray().Select(p => (string?)p));
        Assert.Contains("chen@example.com", after["unreachable"]!["teamsPeople"]!.AsArray().Select(p => (string?)p));
    }
}
