using SignOffBot.Testing.Teams;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Teams.Payloads;

namespace SignOffBot.Host.Tests.Teams.Connector;

public sealed class BotTokenProviderTests
{
    private const string Conversation = "a:conv-1";

    private static readonly Activity Message = new() { Type = "message", Text = "hello" };

    [Fact]
    public async Task Token_IsRequestedOnceWithExactFormFields_AndReusedAcrossCalls()
    {
        await using var h = await ConnectorFixture.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            await h.Client.SendToConversationAsync(h.Fake.ServiceUrl, Conversation, Message, CancellationToken.None);
        }

        var request = Assert.Single(h.Fake.TokenRequests);
        Assert.Equal($"/{FakeBotFramework.DefaultTenantId}/oauth2/v2.0/token", request.Path);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType, StringComparison.Ordinal);
        var form = request.Form.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                new("client_id", ConnectorFixture.AppId),
                new("client_secret", ConnectorFixture.AppPassword),
                new("grant_type", "client_credentials"),
                new KeyValuePair<string, string>("scope", "https://api.botframework.com/.default"),
            ],
            form);
        Assert.Equal(3, h.Fake.ConnectorRequests.Count);
        Assert.All(h.Fake.ConnectorRequests, call => Assert.Equal("Bearer tok-1", call.Authorization));
        h.AssertNoSecretsLogged();
    }

    [Fact]
    public async Task Token_IsRefreshedFiveMinutesBeforeItExpires()
    {
        await using var h = await ConnectorFixture.StartAsync();

        Assert.Equal("tok-1", await h.Tokens.GetTokenAsync(CancellationToken.None));
        h.Clock.Advance(TimeSpan.FromMinutes(55) - TimeSpan.FromSeconds(1));
        Assert.Equal("tok-1", await h.Tokens.GetTokenAsync(CancellationToken.None));
        Assert.Single(h.Fake.TokenRequests);

        h.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("tok-2", await h.Tokens.GetTokenAsync(CancellationToken.None));
        Assert.Equal("tok-2", await h.Tokens.GetTokenAsync(CancellationToken.None));
        Assert.Equal(2, h.Fake.TokenRequests.Count);
    }

    [Fact]
    public async Task Token_ForTwentyConcurrentCalls_IsRequestedOnce()
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.TokenDelay = TimeSpan.FromMilliseconds(300);

        var sends = Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => h.Client.SendToConversationAsync(h.Fake.ServiceUrl, $"a:conv-{i}", Message, CancellationToken.None)))
            .ToList();
        var ids = await Task.WhenAll(sends);

        Assert.Single(h.Fake.TokenRequests);
        Assert.Equal(20, ids.Distinct().Count());
        Assert.Equal(20, h.Fake.ConnectorRequests.Count);
        Assert.All(h.Fake.ConnectorRequests, call => Assert.Equal("Bearer tok-1", call.Authorization));
    }

    [Fact]
    public async Task Invalidate_DropsTheToken()
    {
        await using var h = await ConnectorFixture.StartAsync();

        Assert.Equal("tok-1", await h.Tokens.GetTokenAsync(CancellationToken.None));
        h.Tokens.Invalidate("tok-other");
        Assert.Equal("tok-1", await h.Tokens.GetTokenAsync(CancellationToken.None));
        h.Tokens.Invalidate();
        Assert.Equal("tok-2", await h.Tokens.GetTokenAsync(CancellationToken.None));
        h.Tokens.Invalidate("tok-2");
        Assert.Equal("tok-3", await h.Tokens.GetTokenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TokenEndpoint_429ThenOk_WaitsRetryAfterOnTheClock()
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.TokenScript.Enqueue(new ConnectorAnswer(429, """{"error":"temporarily_unavailable"}""", new Dictionary<string, string> { ["Retry-After"] = "1" }));

        var token = await h.Clock.DriveAsync(h.Tokens.GetTokenAsync(CancellationToken.None));

        Assert.Equal("tok-1", token);
        Assert.Equal(2, h.Fake.TokenRequests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1)], h.Clock.Waits);
        h.AssertNoSecretsLogged();
    }

    [Fact]
    public async Task TokenEndpoint_Failing_IsTriedThreeTimesThenTransient()
    {
        await using var h = await ConnectorFixture.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            h.Fake.TokenScript.Enqueue(new ConnectorAnswer(503, """{"error":"temporarily_unavailable","error_description":"AADSTS50196: busy\r\nTrace ID: x"}"""));
        }

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Clock.DriveAsync(h.Tokens.GetTokenAsync(CancellationToken.None)));

        Assert.False(failure.Permanent);
        Assert.Equal(3, h.Fake.TokenRequests.Count);
        Assert.Equal(2, h.Clock.Waits.Count);
        Assert.Contains("AADSTS50196", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ConnectorFixture.AppPassword, failure.Message, StringComparison.Ordinal);
        h.AssertNoSecretsLogged();
    }

    [Fact]
    public async Task TokenEndpoint_RefusingTheCredentials_IsNotRetriedHere()
    {
        await using var h = await ConnectorFixture.StartAsync();
        h.Fake.TokenScript.Enqueue(new ConnectorAnswer(400, """{"error":"unauthorized_client","error_description":"AADSTS700016: Application not found in the directory 'Bot Framework'."}"""));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => h.Tokens.GetTokenAsync(CancellationToken.None));

        Assert.Single(h.Fake.TokenRequests);
        Assert.Contains("AADSTS700016", failure.Message, StringComparison.Ordinal);
        Assert.Empty(h.Clock.Waits);
    }

    [Fact]
    public async Task TokenEndpoint_OverPlainHttpToANonLoopbackHost_IsRefusedWithoutSendingTheSecret()
    {
        await using var h = await ConnectorFixture.StartAsync((_, settings) => settings["Teams:TokenEndpoint"] = "http://login.example.com/t/oauth2/v2.0/token");

        // The options are checked whenever they are read (and at the host's start): the secret never goes there.
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => h.Tokens.GetTokenAsync(CancellationToken.None));

        Assert.Contains("Teams:TokenEndpoint", failure.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fake.TokenRequests);
    }
}
