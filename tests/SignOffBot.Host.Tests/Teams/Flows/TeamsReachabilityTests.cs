using System.Net;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsFixture;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>
/// /healthz counts the Teams release channels and people the bot has not seen yet; GET /api/v1/health/details
/// (audit:read) names them (SPEC section 4, issue 12: no directory addresses without a key).
/// </summary>
public sealed class TeamsReachabilityTests
{
    [Fact]
    public async Task HealthDetails_ListUnreachableChannelsAndPeople_UntilTheBotHasSeenThem_AndHealthzCountsThem()
    {
        await using var teams = await TeamsFixture.StartAsync();

        var before = await ApiJson.ReadAsync(await teams.Api.GetAsync("/api/v1/health/details"));
        var channels = before["unreachable"]!["teamsChannels"]!.AsArray().Select(c => (string?)c).ToList();
        var people = before["unreachable"]!["teamsPeople"]!.AsArray().Select(p => (string?)p).ToList();
        Assert.Contains(ReleaseChannel, channels);
        Assert.Contains("ben@example.com", people);
        var counts = await ApiJson.ReadAsync(await teams.Http.GetAsync("/healthz"));
        Assert.Equal(channels.Count, (int)counts["unreachable"]!["teamsChannels"]!);
        Assert.Equal(people.Count, (int)counts["unreachable"]!["teamsPeople"]!);

        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ben, "pending"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ana, "pending", "channel"))).StatusCode);

        var after = (await ApiJson.ReadAsync(await teams.Api.GetAsync("/api/v1/health/details")))["unreachable"]!;
        Assert.DoesNotContain(ReleaseChannel, after["teamsChannels"]!.AsArray().Select(c => (string?)c));
        Assert.DoesNotContain("ben@example.com", after["teamsPeople"]!.AsArray().Select(p => (string?)p));
        Assert.DoesNotContain("ana@example.com", after["teamsPeople"]!.AsArray().Select(p => (string?)p));
        Assert.Contains("chen@example.com", after["teamsPeople"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(after["teamsPeople"]!.AsArray().Count, (int)(await ApiJson.ReadAsync(await teams.Http.GetAsync("/healthz")))["unreachable"]!["teamsPeople"]!);
    }

    [Fact]
    public async Task Healthz_NamesNobody_AndTheDetailsNeedAnAuditKeyForEveryProject()
    {
        await using var teams = await TeamsFixture.StartAsync();

        var healthz = await teams.Http.GetStringAsync("/healthz");
        Assert.DoesNotContain("@example.com", healthz, StringComparison.Ordinal);
        Assert.DoesNotContain(ReleaseChannel, healthz, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await teams.Http.GetAsync("/api/v1/health/details")).StatusCode);
        using var itemsOnly = teams.App.CreateClient(HostFixture.ItemsOnlyKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await itemsOnly.GetAsync("/api/v1/health/details")).StatusCode);
        using var audit = teams.App.CreateClient(HostFixture.AuditOnlyKey);
        var details = await audit.GetStringAsync("/api/v1/health/details");
        Assert.Contains("ben@example.com", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReference_IsWrittenWhenItChanges_OrOnceAnHour_NotOnEveryActivity()
    {
        await using var teams = await TeamsFixture.StartAsync();
        var conversations = (SignOffBot.Host.Teams.Conversations.TeamsConversations)teams.App.Services.GetService(typeof(SignOffBot.Host.Teams.Conversations.TeamsConversations))!;

        await teams.PostAsync(teams.Message(Ben, "pending"));
        var first = conversations.Personal("ben@example.com")!.UpdatedAt;
        teams.App.Time.Advance(TimeSpan.FromMinutes(30));
        await teams.PostAsync(teams.Message(Ben, "pending"));
        var unchanged = conversations.Personal("ben@example.com")!.UpdatedAt;
        teams.App.Time.Advance(TimeSpan.FromMinutes(31));
        await teams.PostAsync(teams.Message(Ben, "pending"));
        var refreshed = conversations.Personal("ben@example.com")!.UpdatedAt;

        Assert.Equal(first, unchanged);
        Assert.Equal(first + TimeSpan.FromMinutes(61), refreshed);
    }

    [Fact]
    public async Task StatusForAChannelNotYetReachable_WaitsInTheOutbox_AndIsDeliveredOnceTheChannelIsKnown()
    {
        await using var teams = await TeamsFixture.StartAsync();
        await ApiJson.RegisterAsync(teams.Api, "fraud-detection", "churn-xgb", "7", "ana@example.com");
        await teams.Api.PostAsync("/api/v1/items/fraud-detection/churn-xgb@7/request-final", ApiJson.Body(new { by = "ana@example.com" }));
        var dispatcher = (SignOffBot.Host.Outbox.OutboxDispatcher)teams.App.Services.GetService(typeof(SignOffBot.Host.Outbox.OutboxDispatcher))!;
        for (var round = 0; round < 30; round++)
        {
            teams.App.Time.Advance(TimeSpan.FromMinutes(10));
            await dispatcher.DispatchDueAsync(CancellationToken.None);
        }

        var waiting = await ApiJson.ReadAsync(await teams.Http.GetAsync("/healthz"));
        Assert.Equal(0, (int?)waiting["outbox"]!["deadLetters"]);
        Assert.True((int?)waiting["outbox"]!["unreachable"] >= 1);
        Assert.True((int?)waiting["outbox"]!["platforms"]!["teams"]!["unreachable"] >= 1);
        Assert.DoesNotContain(teams.Bot.ConnectorRequests, r => r.ConversationId == ReleaseChannel && r.Method == "POST");

        await teams.PostAsync(teams.Message(Ana, "pending", "channel"));
        teams.App.Time.Advance(TimeSpan.FromMinutes(5));
        await dispatcher.DispatchDueAsync(CancellationToken.None);

        var status = await teams.WaitForRequestsAsync(r => r.Method == "POST" && r.ConversationId == ReleaseChannel && ((string?)r.Body?["text"])?.Contains("requested the final approval", StringComparison.Ordinal) == true);
        Assert.Single(status);
    }
}
