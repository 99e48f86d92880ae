using System.Net;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Host.Storage;
using SignOffBot.Host.Tests.Teams.Fakes;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsHost;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>
/// A valid Bot Framework token is not enough: only activities of the <c>msteams</c> channel from an allowed Entra
/// tenant act, and a refused one stores nothing (no person mapping, no conversation, no item, no audit event).
/// </summary>
public sealed class TeamsTrustBoundaryTests
{
    private const string ForeignTenant = "99999999-9999-9999-9999-999999999999";

    [Fact]
    public async Task AnActivityOfAnotherBotFrameworkChannel_SignedWithAKeyEndorsedForIt_Is403_AndStoresNothing()
    {
        await using var teams = await TeamsHost.StartAsync();
        var references = References(teams);
        // Web Chat / Direct Line clients choose their own from.id and aadObjectId: here they claim to be Ana.
        var activity = teams.Message(Ana, "register fraud-detection churn-xgb@7") with { ChannelId = "webchat" };

        var response = await teams.PostAsync(activity, teams.Bot.ChannelAuthorization(teams.Bot.ChannelToken(signingKeyId: FakeBotFramework.WebchatOnlyKeyId)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingChangedAsync(teams, references);
    }

    [Fact]
    public async Task AnActivityFromATenantThatIsNotAllowed_Is403_AndStoresNothing()
    {
        await using var teams = await TeamsHost.StartAsync();
        var references = References(teams);
        teams.Bot.TenantId = ForeignTenant;

        var response = await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@7"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingChangedAsync(teams, references);
    }

    [Fact]
    public async Task AllowedTenants_AcceptsEachListedTenant_AndOnlyThose()
    {
        await using var teams = await TeamsHost.StartAsync(app => app.Settings["Teams:AllowedTenants:0"] = ForeignTenant);

        teams.Bot.TenantId = ForeignTenant;
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@7"))).StatusCode);
        teams.Bot.TenantId = FakeBotFramework.DefaultTenantId;
        Assert.Equal(HttpStatusCode.Forbidden, (await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@8"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await teams.Api.GetAsync("/api/v1/items/fraud-detection/churn-xgb@7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teams.Api.GetAsync("/api/v1/items/fraud-detection/churn-xgb@8")).StatusCode);
    }

    [Fact]
    public async Task AnActivityWhoseObjectIdContradictsTheStoredOne_IsNobody_AndDoesNotRePointTheStoredPerson()
    {
        await using var teams = await TeamsHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(Ana, "help"))).StatusCode);
        var conversations = teams.App.Services.GetRequiredService<SignOffBot.Host.Teams.Conversations.TeamsConversations>();
        Assert.Equal("ana@example.com", conversations.ByUserId(Ana.Id)?.PersonId);

        var impostor = (Ana.Id, "00000000-0000-0000-0000-0000000bad00", Ana.Name);
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(teams.Message(impostor, "register fraud-detection churn-xgb@9"))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await teams.Api.GetAsync("/api/v1/items/fraud-detection/churn-xgb@9")).StatusCode);
        var stored = conversations.ByUserId(Ana.Id);
        Assert.Equal("ana@example.com", stored?.PersonId);
        Assert.Equal(Ana.Aad, stored?.AadObjectId);
    }

    private static int References(TeamsHost teams) =>
        teams.App.Services.GetRequiredService<LiteDbSignOffStore>().Collection<BsonDocument>("teams_references").Query().Count();

    private static async Task AssertNothingChangedAsync(TeamsHost teams, int references)
    {
        Assert.Equal(references, References(teams));
        Assert.Equal(HttpStatusCode.NotFound, (await teams.Api.GetAsync("/api/v1/items/fraud-detection/churn-xgb@7")).StatusCode);
        Assert.Equal(0, await teams.AuditCountAsync());
        Assert.DoesNotContain(teams.Bot.ConnectorRequests, r => r.Method == "POST");
    }
}
