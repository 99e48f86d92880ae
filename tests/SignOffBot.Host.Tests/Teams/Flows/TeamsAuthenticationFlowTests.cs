using System.Net;
using SignOffBot.Testing.Teams;
using static SignOffBot.Host.Tests.Teams.Flows.TeamsFixture;

namespace SignOffBot.Host.Tests.Teams.Flows;

/// <summary>
/// Every delivery to /api/messages that is not authenticated changes nothing, and is answered with problem details
/// saying what kind of failure it was. The answer is 401 without a usable token, 403 for a valid token that does not
/// cover the activity (endorsement, serviceurl), and 503 while the keys to check it cannot be fetched (the host's
/// failure, not a bad token).
/// </summary>
public sealed class TeamsAuthenticationFlowTests
{
    private const string NoUsableToken = "The request needs a valid Bot Framework token for this bot (Authorization: Bearer …). Nothing was done.";
    private const string NotCovered = "The Bot Framework token does not cover this activity: its signing key is not endorsed for Teams, or its serviceurl is not the activity's serviceUrl. Nothing was done.";

    // 401 without a usable token; 403 for a valid token that does not cover the activity.
    public static TheoryData<string, HttpStatusCode, string> BadTokens => new()
    {
        { "no header", HttpStatusCode.Unauthorized, NoUsableToken },
        { "not bearer", HttpStatusCode.Unauthorized, NoUsableToken },
        { "bad signature", HttpStatusCode.Unauthorized, NoUsableToken },
        { "unknown key", HttpStatusCode.Unauthorized, NoUsableToken },
        { "wrong issuer", HttpStatusCode.Unauthorized, NoUsableToken },
        { "wrong audience", HttpStatusCode.Unauthorized, NoUsableToken },
        { "expired", HttpStatusCode.Unauthorized, NoUsableToken },
        { "key not endorsed for the channel", HttpStatusCode.Forbidden, NotCovered },
        { "serviceurl not matching", HttpStatusCode.Forbidden, NotCovered },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Messages_WithABadToken_AreRefusedSayingWhatKind_AndChangeNothing(string what, HttpStatusCode status, string detail)
    {
        await using var teams = await TeamsFixture.StartAsync();

        var response = await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@7"), Authorization(teams.Bot, what));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(detail, await DetailAsync(response));
        await AssertNothingChangedAsync(teams);
    }

    [Fact]
    public async Task Messages_WhileTheSigningKeysCannotBeFetched_Are503_NotRefusedAsABadToken()
    {
        await using var teams = await TeamsFixture.StartAsync(app => app.Settings["Teams:OpenIdMetadataUrl"] = "http://127.0.0.1:1/v1/.well-known/openidconfiguration");

        var response = await teams.PostAsync(teams.Message(Ana, "register fraud-detection churn-xgb@7"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("The Bot Framework signing keys could not be fetched to check the token; send the activity again shortly. Nothing was done.", await DetailAsync(response));
        await AssertNothingChangedAsync(teams);
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (string?)System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"];
    }

    private static async Task AssertNothingChangedAsync(TeamsFixture teams)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await teams.Api.GetAsync("/api/v1/items/fraud-detection/churn-xgb@7")).StatusCode);
        Assert.Equal(0, await teams.AuditCountAsync());
        Assert.DoesNotContain(teams.Bot.ConnectorRequests, r => r.Method == "POST");
    }

    private static string Authorization(FakeBotFramework bot, string what) => what switch
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

        var refused = await teams.Http.SendAsync(malformed);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("The body is not a Bot Framework activity (JSON). Nothing was done.", await DetailAsync(refused));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await teams.Http.SendAsync(oversized)).StatusCode);
        Assert.Equal(0, await teams.AuditCountAsync());
    }
}
