using System.Net;
using SignOffBot.Testing.Teams;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsFixture;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>Every unauthenticated delivery to /api/messages is answered 401 and changes nothing.</summary>
public sealed class TeamsAuthenticationFlowTests
{
    public static TheoryData<string> BadTokens => new()
    {
        "no header", "not bearer", "bad signature", "unknown key", "wrong issuer", "wrong audience", "expired",
        "key not endorsed for the channel", "serviceurl not matching",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Messages_WithABadToken_Are401AndChangeNothing(string what)
    {
        await using var teams = await TeamsFixture.StartAsync();
        var bot = teams.Bot;
        var activity = teams.Message(Ana, "register fraud-detection churn-xgb@7");
        var authorization = what switch
        {
            "no header" => "",
            "not bearer" => "Basic " + bot.ChannelToken(),
            "bad signature" => bot.ChannelAuthorization(bot.ChannelToken(tamperSignature: true)),
            "unknown key" => bot.ChannelAuthorization(bot.ChannelToken(signingKeyId: FakeBotFramework.UnpublishedKeyId)),
            "wrong issuer" => bot.ChannelAuthorization(bot.ChannelToken(issuer: "https://sts.windows.net/evil/")),
            "wrong audience" => bot.ChannelAuthorization(bot.ChannelToken(audience: "11111111-1111-1111-1111-111111111111")),
            "expired" => bot.ChannelAuthorization(bot.ChannelToken(expiresIn: TimeSpan.FromMinutes(-6))),
            "key not endorsed for the channel" => bot.ChannelAuthorization(bot.ChannelToken(signingKeyId: FakeBotFramework.WebchatOnlyKeyId)),
            _ => bot.ChannelAuthorization(bot.ChannelToken(serviceUrl: "https://attacker.example.com/")),
        };

        var response = await teams.PostAsync(activity, authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teams.Api.GetAsync("/api/v1/items/fraud-detection/churn-xgb@7")).StatusCode);
        Assert.Equal(0, await teams.AuditCountAsync());
        Assert.DoesNotContain(bot.ConnectorRequests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Messages_WithAValidToken_AreHandled()
    {
        await using var teams = await TeamsFixture.StartAsync();

        var response = await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@7"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teams.Api.GetAsync("/api/v1/items/fraud-detection/churn-xgb@7")).StatusCode);
    }

    [Fact]
    public async Task Messages_WhenTeamsIsOff_Are401()
    {
        await using var app = new Infrastructure.HostFixture();
        await using var bot = await FakeBotFramework.StartAsync();
        var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(FakeBotFramework.Json(bot.MessageActivity("help")), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", bot.ChannelAuthorization());

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Messages_WithMalformedJson_Are400AndOversizedBodies413()
    {
        await using var teams = await TeamsFixture.StartAsync();
        var malformed = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent("{\"type\":", System.Text.Encoding.UTF8, "application/json") };
        malformed.Headers.TryAddWithoutValidation("Authorization", teams.Bot.ChannelAuthorization());
        var oversized = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(new string(' ', 1_100_000), System.Text.Encoding.UTF8, "application/json") };
        oversized.Headers.TryAddWithoutValidation("Authorization", teams.Bot.ChannelAuthorization());

        Assert.Equal(HttpStatusCode.BadRequest, (await teams.Http.SendAsync(malformed)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await teams.Http.SendAsync(oversized)).StatusCode);
        Assert.Equal(0, await teams.AuditCountAsync());
    }
}
