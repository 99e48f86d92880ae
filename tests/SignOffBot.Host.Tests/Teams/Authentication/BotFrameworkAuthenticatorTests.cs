using Microsoft.Extensions.Logging.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SignOffBot.Host.Teams;
using SignOffBot.Host.Teams.Authentication;
using SignOffBot.Testing.Teams;

namespace SignOffBot.Host.Tests.Teams.Authentication;

/// <summary>
/// The inbound check of /api/messages against a loopback Bot Framework that signs like the real one
/// (research brief §1 and §9.3): every refusal is for the reason named, never a side effect of another check.
/// </summary>
public sealed class BotFrameworkAuthenticatorTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly FakeLogger<BotFrameworkAuthenticator> _log = new();
    private FakeBotFramework _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotFramework.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task A_channel_token_for_the_activity_is_accepted()
    {
        var activity = _fake.MessageActivity("hello");
        var result = await Authenticator().AuthenticateAsync(_fake.ChannelAuthorization(), activity, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(ChannelAuthenticationFailure.None, result.Failure);
        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.Reason);
        Assert.Equal(_fake.ServiceUrl, result.ServiceUrl);
        Assert.Equal(TeamsOptions.ChannelIssuer, result.Identity!.FindFirst("iss")?.Value);
        Assert.Equal(_fake.AppId, result.Identity.FindFirst("aud")?.Value);
        Assert.Empty(_log.Collector.GetSnapshot());
    }

    [Fact]
    public async Task An_invoke_in_a_channel_conversation_is_accepted()
    {
        var activity = _fake.InvokeActivity("adaptiveCard/action", new JsonObject { ["action"] = "approve" }, conversationType: "channel");
        var result = await Authenticator().AuthenticateAsync(_fake.ChannelAuthorization(), activity, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public async Task RS384_and_RS512_are_accepted(string algorithm)
    {
        var result = await AuthenticateAsync(_fake.ChannelToken(algorithm: algorithm));

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task No_header_is_refused()
    {
        var activity = _fake.MessageActivity("hello");
        var auth = Authenticator();

        var missing = await auth.AuthenticateAsync(null, activity, CancellationToken.None);
        var empty = await auth.AuthenticateAsync("", activity, CancellationToken.None);

        AssertRefused(missing, ChannelAuthenticationFailure.Unauthenticated, "no Authorization header");
        AssertRefused(empty, ChannelAuthenticationFailure.Unauthenticated, "no Authorization header");
        Assert.Equal(0, _fake.MetadataFetchCount);
    }

    [Theory]
    [InlineData("Basic {0}")]
    [InlineData("bearer {0}")]
    [InlineData("BEARER {0}")]
    [InlineData("Bearer  {0}")]
    [InlineData("Bearer {0} trailing")]
    [InlineData("{0}")]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    public async Task A_header_other_than_exactly_Bearer_token_is_refused(string format)
    {
        var token = _fake.ChannelToken();
        var header = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, token);

        var result = await Authenticator().AuthenticateAsync(header, _fake.MessageActivity("hello"), CancellationToken.None);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "not 'Bearer <token>'", token);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    public async Task A_malformed_token_is_refused(string token)
    {
        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, null);
        Assert.Equal(401, result.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_under_a_published_kid_is_refused()
    {
        var token = _fake.ChannelToken(signingKeyId: FakeBotFramework.UnpublishedKeyId, headerKeyId: FakeBotFramework.EndorsedKeyId);

        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "signature", token);
    }

    [Fact]
    public async Task A_token_whose_signature_was_tampered_with_is_refused()
    {
        var token = _fake.ChannelToken(tamperSignature: true);

        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "signature", token);
    }

    [Fact]
    public async Task A_token_whose_claims_were_changed_after_signing_is_refused()
    {
        var token = _fake.ChannelToken();
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace(_fake.AppId, "another-app", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        var result = await Authenticator().AuthenticateAsync("Bearer " + forged, _fake.MessageActivity("hello"), CancellationToken.None);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "signature", forged);
    }

    [Fact]
    public async Task A_token_signed_by_a_key_missing_from_the_key_set_is_refused_after_one_refresh()
    {
        var token = _fake.ChannelToken(signingKeyId: FakeBotFramework.UnpublishedKeyId);

        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "not in the channel's key set", token);
        Assert.Equal(2, _fake.KeysFetchCount);
    }

    [Fact]
    public async Task Unknown_keys_do_not_make_every_request_fetch_the_key_set_again()
    {
        var auth = Authenticator();
        var token = _fake.ChannelToken(signingKeyId: FakeBotFramework.UnpublishedKeyId);

        for (var i = 0; i < 3; i++)
        {
            var result = await auth.AuthenticateAsync("Bearer " + token, _fake.MessageActivity("hello"), CancellationToken.None);
            Assert.False(result.Succeeded);
        }

        // The first fetch, then one forced refresh; the next ones wait for MinimumForcedRefreshInterval.
        Assert.Equal(2, _fake.KeysFetchCount);
    }

    [Fact]
    public async Task Unknown_keys_make_the_key_set_be_fetched_again_once_five_minutes_have_passed()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var auth = new BotFrameworkAuthenticator(Options.Create(_fake.Options()), _http, _log, time);
        var token = "Bearer " + _fake.ChannelToken(signingKeyId: FakeBotFramework.UnpublishedKeyId);

        await auth.AuthenticateAsync(token, _fake.MessageActivity("hello"), CancellationToken.None);
        time.Advance(BotFrameworkAuthenticator.MinimumForcedRefreshInterval - TimeSpan.FromSeconds(1));
        await auth.AuthenticateAsync(token, _fake.MessageActivity("hello"), CancellationToken.None);
        Assert.Equal(2, _fake.KeysFetchCount);

        time.Advance(TimeSpan.FromSeconds(1));
        _fake.PublishKey(FakeBotFramework.UnpublishedKeyId);
        var result = await auth.AuthenticateAsync(token, _fake.MessageActivity("hello"), CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(3, _fake.KeysFetchCount);
    }

    [Fact]
    public async Task Simultaneous_requests_with_a_new_key_fetch_the_key_set_once()
    {
        var auth = Authenticator();
        var warmUp = await auth.AuthenticateAsync(_fake.ChannelAuthorization(), _fake.MessageActivity("hello"), CancellationToken.None);
        Assert.True(warmUp.Succeeded, warmUp.Reason);

        _fake.AddKey("rolled-key-3", "msteams");
        var token = "Bearer " + _fake.ChannelToken(signingKeyId: "rolled-key-3");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => auth.AuthenticateAsync(token, _fake.MessageActivity("hello"), CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Reason));
        Assert.Equal(2, _fake.KeysFetchCount);
    }

    [Fact]
    public async Task A_wrong_issuer_is_refused()
    {
        var token = _fake.ChannelToken(issuer: "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/");

        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "wrong issuer", token);
    }

    [Fact]
    public async Task A_wrong_audience_is_refused()
    {
        var token = _fake.ChannelToken(audience: "11111111-2222-3333-4444-555555555555");

        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "wrong audience", token);
    }

    [Fact]
    public async Task A_token_expired_six_minutes_ago_is_refused()
    {
        var token = _fake.ChannelToken(expiresIn: TimeSpan.FromMinutes(-6));

        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "expired", token);
    }

    [Fact]
    public async Task A_token_expired_four_minutes_ago_is_accepted_thanks_to_the_clock_skew()
    {
        var result = await AuthenticateAsync(_fake.ChannelToken(expiresIn: TimeSpan.FromMinutes(-4)));

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task A_token_valid_only_in_six_minutes_is_refused_and_in_four_minutes_accepted()
    {
        var auth = Authenticator();
        var tooEarly = _fake.ChannelToken(notBeforeIn: TimeSpan.FromMinutes(6));
        var withinSkew = _fake.ChannelToken(notBeforeIn: TimeSpan.FromMinutes(4));

        var refused = await auth.AuthenticateAsync("Bearer " + tooEarly, _fake.MessageActivity("hello"), CancellationToken.None);
        var accepted = await auth.AuthenticateAsync("Bearer " + withinSkew, _fake.MessageActivity("hello"), CancellationToken.None);

        AssertRefused(refused, ChannelAuthenticationFailure.Unauthenticated, "not valid yet", tooEarly);
        Assert.True(accepted.Succeeded, accepted.Reason);
    }

    [Fact]
    public async Task An_unsigned_token_is_refused()
    {
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = true }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TeamsOptions.ChannelIssuer,
            Audience = _fake.AppId,
            Claims = new Dictionary<string, object> { ["serviceurl"] = _fake.ServiceUrl },
        });

        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "signature", token);
    }

    [Fact]
    public async Task An_HS256_token_is_refused()
    {
        var secret = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(new string('k', 64))) { KeyId = FakeBotFramework.EndorsedKeyId };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TeamsOptions.ChannelIssuer,
            Audience = _fake.AppId,
            Claims = new Dictionary<string, object> { ["serviceurl"] = _fake.ServiceUrl },
            SigningCredentials = new SigningCredentials(secret, SecurityAlgorithms.HmacSha256),
        });

        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "signature", token);
    }

    [Fact]
    public async Task An_RSA_PSS_token_is_refused_by_the_algorithm_list()
    {
        var token = _fake.ChannelToken(algorithm: SecurityAlgorithms.RsaSsaPssSha256);

        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "signature", token);
    }

    [Fact]
    public async Task A_key_not_endorsed_for_msteams_is_forbidden()
    {
        var token = _fake.ChannelToken(signingKeyId: FakeBotFramework.WebchatOnlyKeyId);

        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Forbidden, "not endorsed for channel 'msteams'", token);
        Assert.Equal(403, result.StatusCode);
    }

    [Fact]
    public async Task An_activity_claiming_another_channel_is_forbidden()
    {
        var token = _fake.ChannelToken();
        var activity = _fake.MessageActivity("hello", channelId: "slack");

        var result = await Authenticator().AuthenticateAsync("Bearer " + token, activity, CancellationToken.None);

        AssertRefused(result, ChannelAuthenticationFailure.Forbidden, "not endorsed for channel 'slack'", token);
    }

    [Fact]
    public async Task An_activity_without_a_channel_id_is_forbidden()
    {
        var token = _fake.ChannelToken();
        var activity = _fake.MessageActivity("hello") with { ChannelId = null };

        var result = await Authenticator().AuthenticateAsync("Bearer " + token, activity, CancellationToken.None);

        AssertRefused(result, ChannelAuthenticationFailure.Forbidden, "not endorsed", token);
    }

    [Fact]
    public async Task A_serviceurl_claim_other_than_the_activitys_serviceUrl_is_forbidden()
    {
        var token = _fake.ChannelToken(serviceUrl: "https://smba.trafficmanager.net/emea/");

        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Forbidden, "does not match the activity's serviceUrl", token);
    }

    [Fact]
    public async Task An_activity_pointing_to_another_serviceUrl_is_forbidden()
    {
        var token = _fake.ChannelToken();
        var activity = _fake.MessageActivity("hello", serviceUrl: "https://attacker.example/connector/");

        var result = await Authenticator().AuthenticateAsync("Bearer " + token, activity, CancellationToken.None);

        AssertRefused(result, ChannelAuthenticationFailure.Forbidden, "does not match the activity's serviceUrl", token);
    }

    [Fact]
    public async Task A_token_without_serviceurl_claim_is_forbidden()
    {
        var token = _fake.ChannelToken(serviceUrl: "");

        var result = await AuthenticateAsync(token);

        AssertRefused(result, ChannelAuthenticationFailure.Forbidden, "no serviceurl claim", token);
    }

    [Fact]
    public async Task The_serviceUrl_comparison_ignores_case_and_a_trailing_slash()
    {
        var token = _fake.ChannelToken(serviceUrl: _fake.ServiceUrl.TrimEnd('/').ToUpperInvariant());

        var result = await AuthenticateAsync(token);

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task Everything_is_refused_when_Teams_is_off()
    {
        var options = _fake.Options();
        options.AppId = "";
        options.AppPassword = "";
        var auth = new BotFrameworkAuthenticator(Options.Create(options), _http, _log);

        var result = await auth.AuthenticateAsync(_fake.ChannelAuthorization(), _fake.MessageActivity("hello"), CancellationToken.None);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "Teams is off");
        Assert.Equal(0, _fake.MetadataFetchCount);
    }

    [Fact]
    public async Task A_plain_http_metadata_url_off_loopback_is_never_fetched()
    {
        var options = _fake.Options();
        options.OpenIdMetadataUrl = "http://login.botframework.example/v1/.well-known/openidconfiguration";
        var auth = new BotFrameworkAuthenticator(Options.Create(options), _http, _log);

        var result = await auth.AuthenticateAsync(_fake.ChannelAuthorization(), _fake.MessageActivity("hello"), CancellationToken.None);

        AssertRefused(result, ChannelAuthenticationFailure.Unauthenticated, "must be https");
    }

    [Fact]
    public async Task Unreachable_metadata_is_reported_as_keys_unavailable()
    {
        var options = _fake.Options();
        options.OpenIdMetadataUrl = _fake.BaseUrl + "/v1/.well-known/missing";
        var auth = new BotFrameworkAuthenticator(Options.Create(options), _http, _log);

        var result = await auth.AuthenticateAsync(_fake.ChannelAuthorization(), _fake.MessageActivity("hello"), CancellationToken.None);

        AssertRefused(result, ChannelAuthenticationFailure.KeysUnavailable, "could not be fetched");
        Assert.Equal(503, result.StatusCode);
        Assert.Contains(_log.Collector.GetSnapshot(), e => e.Id.Id == 4103 && e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task The_key_set_is_cached_between_requests()
    {
        var auth = Authenticator();

        for (var i = 0; i < 3; i++)
        {
            var result = await auth.AuthenticateAsync(_fake.ChannelAuthorization(), _fake.MessageActivity("hello"), CancellationToken.None);
            Assert.True(result.Succeeded, result.Reason);
        }

        Assert.Equal(1, _fake.MetadataFetchCount);
        Assert.Equal(1, _fake.KeysFetchCount);
    }

    [Fact]
    public async Task A_key_published_after_the_first_validation_is_picked_up()
    {
        var auth = Authenticator();
        var first = await auth.AuthenticateAsync(_fake.ChannelAuthorization(), _fake.MessageActivity("hello"), CancellationToken.None);
        Assert.True(first.Succeeded, first.Reason);
        Assert.Equal(1, _fake.KeysFetchCount);

        _fake.AddKey("rolled-key-2", "msteams");
        var rolled = _fake.ChannelToken(signingKeyId: "rolled-key-2");
        var second = await auth.AuthenticateAsync("Bearer " + rolled, _fake.MessageActivity("hello"), CancellationToken.None);

        Assert.True(second.Succeeded, second.Reason);
        Assert.Equal(2, _fake.KeysFetchCount);
        Assert.Contains(_log.Collector.GetSnapshot(), e => e.Id.Id == 4102);

        // The refreshed key set is cached in turn.
        var third = await auth.AuthenticateAsync("Bearer " + rolled, _fake.MessageActivity("hello"), CancellationToken.None);
        Assert.True(third.Succeeded, third.Reason);
        Assert.Equal(2, _fake.KeysFetchCount);
    }

    [Fact]
    public async Task Refusals_are_logged_without_the_token()
    {
        var token = _fake.ChannelToken(audience: "someone-else");

        await AuthenticateAsync(token);

        var entry = Assert.Single(_log.Collector.GetSnapshot(), e => e.Id.Id == 4101);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("wrong audience", entry.Message, StringComparison.Ordinal);
        Assert.All(_log.Collector.GetSnapshot(), e => Assert.DoesNotContain(token.Split('.')[1], e.Message + e.Exception, StringComparison.Ordinal));
        Assert.All(_log.Collector.GetSnapshot(), e => Assert.DoesNotContain(token.Split('.')[2], e.Message + e.Exception, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_registration_gives_one_shared_authenticator()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_fake.Settings()).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .Configure<TeamsOptions>(configuration.GetSection(TeamsOptions.Section))
            .AddBotFrameworkAuthentication();
        await using var provider = services.BuildServiceProvider();

        var auth = provider.GetRequiredService<BotFrameworkAuthenticator>();
        Assert.Same(auth, provider.GetRequiredService<BotFrameworkAuthenticator>());

        for (var i = 0; i < 2; i++)
        {
            var result = await auth.AuthenticateAsync(_fake.ChannelAuthorization(), _fake.MessageActivity("hello"), CancellationToken.None);
            Assert.True(result.Succeeded, result.Reason);
        }

        Assert.Equal(1, _fake.MetadataFetchCount);
    }

    private BotFrameworkAuthenticator Authenticator() => new(Options.Create(_fake.Options()), _http, _log);

    private Task<ChannelAuthentication> AuthenticateAsync(string token) =>
        Authenticator().AuthenticateAsync("Bearer " + token, _fake.MessageActivity("hello"), CancellationToken.None);

    private void AssertRefused(ChannelAuthentication result, ChannelAuthenticationFailure failure, string? reason, string? token = null)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(failure, result.Failure);
        Assert.Null(result.Identity);
        Assert.Null(result.ServiceUrl);
        Assert.NotNull(result.Reason);
        if (reason is not null)
        {
            Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        }

        if (token is { Length: > 0 })
        {
            Assert.DoesNotContain(token, result.Reason, StringComparison.Ordinal);
        }

        Assert.Contains(_log.Collector.GetSnapshot(), e => e.Id.Id == 4101 && e.Message.Contains(result.Reason, StringComparison.Ordinal));
    }
}

/// <summary>
/// The fake's token endpoint and connector answer like the real ones, so the Teams tests built on it can trust it.
/// (Here because only this test file runs with the Teams.Authentication filter the fake was delivered with.)
/// </summary>
public sealed class FakeBotFrameworkSelfTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private FakeBotFramework _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotFramework.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task The_token_endpoint_checks_the_client_credentials_form()
    {
        var good = await RequestTokenAsync(_fake.AppPassword, TeamsOptions.ConnectorScope);
        var badSecret = await RequestTokenAsync("wrong", TeamsOptions.ConnectorScope);
        var badScope = await RequestTokenAsync(_fake.AppPassword, "https://graph.microsoft.com/.default");

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var body = JsonNode.Parse(await good.Content.ReadAsStringAsync())!;
        Assert.Equal("Bearer", (string?)body["token_type"]);
        Assert.Equal(3600, (int?)body["expires_in"]);
        Assert.Equal(3600, (int?)body["ext_expires_in"]);
        Assert.Contains((string)body["access_token"]!, _fake.IssuedTokens);
        Assert.Equal(HttpStatusCode.Unauthorized, badSecret.StatusCode);
        Assert.Equal("invalid_client", (string?)JsonNode.Parse(await badSecret.Content.ReadAsStringAsync())!["error"]);
        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
        Assert.Equal([200, 401, 400], _fake.TokenRequests.Select(r => r.StatusCode));
        Assert.Equal("client_credentials", _fake.TokenRequests[0].Form["grant_type"]);
        Assert.Equal(_fake.AppId, _fake.TokenRequests[0].Form["client_id"]);
    }

    [Fact]
    public async Task The_connector_wants_a_token_the_fake_issued()
    {
        var none = await _http.PostAsync(_fake.ServiceUrl + "v3/conversations", Json(new JsonObject()));
        using var foreign = new HttpRequestMessage(HttpMethod.Post, _fake.ServiceUrl + "v3/conversations") { Content = Json(new JsonObject()) };
        foreign.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fake.ChannelToken());
        var foreignResponse = await _http.SendAsync(foreign);

        var token = await TokenAsync();
        _fake.RevokeIssuedTokens();
        var revoked = await SendAsync(HttpMethod.Post, "v3/conversations", new JsonObject(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, foreignResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.All(_fake.ConnectorRequests, r => Assert.Equal(401, r.StatusCode));
    }

    [Fact]
    public async Task The_connector_creates_sends_replies_updates_and_finds_members()
    {
        var token = await TokenAsync();
        _fake.AddMember("29:1user-ana", "6f1c0000-0000-0000-0000-00000000a0a0", "Ana Ortiz", "ana@example.com");
        const string channelThread = "19:release@thread.tacv2;messageid=1700000000000";

        var created = await SendAsync(HttpMethod.Post, "v3/conversations", new JsonObject
        {
            ["isGroup"] = false,
            ["bot"] = new JsonObject { ["id"] = "28:" + _fake.AppId },
            ["members"] = new JsonArray(new JsonObject { ["id"] = "29:1user-ana" }),
            ["tenantId"] = _fake.TenantId,
            ["activity"] = new JsonObject { ["type"] = "message", ["text"] = "hi" },
        }, token);
        var sent = await SendAsync(HttpMethod.Post, $"v3/conversations/{Uri.EscapeDataString(channelThread)}/activities", new JsonObject { ["type"] = "message" }, token);
        var replied = await SendAsync(HttpMethod.Post, $"v3/conversations/{Uri.EscapeDataString(channelThread)}/activities/1700000000000", new JsonObject { ["type"] = "message" }, token);
        var updated = await SendAsync(HttpMethod.Put, $"v3/conversations/{Uri.EscapeDataString(channelThread)}/activities/1700000000099", new JsonObject { ["type"] = "message" }, token);
        var member = await SendAsync(HttpMethod.Get, $"v3/conversations/{Uri.EscapeDataString(channelThread)}/members/{Uri.EscapeDataString("29:1user-ana")}", null, token);
        var stranger = await SendAsync(HttpMethod.Get, $"v3/conversations/{Uri.EscapeDataString(channelThread)}/members/29%3Anobody", null, token);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdBody = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.StartsWith("a:", (string)createdBody["id"]!, StringComparison.Ordinal);
        Assert.NotNull((string?)createdBody["activityId"]);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.NotNull((string?)JsonNode.Parse(await sent.Content.ReadAsStringAsync())!["id"]);
        Assert.Equal(HttpStatusCode.Created, replied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("1700000000099", (string?)JsonNode.Parse(await updated.Content.ReadAsStringAsync())!["id"]);
        Assert.Equal(HttpStatusCode.OK, member.StatusCode);
        Assert.Equal("6f1c0000-0000-0000-0000-00000000a0a0", (string?)JsonNode.Parse(await member.Content.ReadAsStringAsync())!["aadObjectId"]);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);

        var requests = _fake.ConnectorRequests;
        Assert.Equal(["POST", "POST", "POST", "PUT", "GET", "GET"], requests.Select(r => r.Method));
        Assert.Equal("/v3/conversations", requests[0].Path);
        Assert.Equal(_fake.TenantId, (string?)requests[0].Body!["tenantId"]);
        Assert.Equal($"/v3/conversations/{channelThread}/activities", requests[1].Path);
        Assert.Equal(channelThread, requests[1].ConversationId);
        Assert.Equal("/connector/v3/conversations/19%3Arelease%40thread.tacv2%3Bmessageid%3D1700000000000/activities", requests[1].RawPath);
        Assert.Equal("1700000000000", requests[2].ActivityId);
        Assert.Equal("29:1user-ana", requests[4].UserId);
        Assert.All(requests, r => Assert.Equal("Bearer " + token, r.Authorization));
    }

    [Fact]
    public async Task Scripted_failures_answer_once_each_in_order()
    {
        var token = await TokenAsync();
        _fake.FailNextThrottled("/v3/conversations/a:1/activities");
        _fake.FailNextMessageWritesBlocked("/v3/conversations/a:1/activities");
        _fake.FailNext("/v3/conversations/a:2", 500, method: "PUT");

        var throttled = await SendAsync(HttpMethod.Post, "v3/conversations/a%3A1/activities", new JsonObject { ["type"] = "message" }, token);
        var blocked = await SendAsync(HttpMethod.Post, "v3/conversations/a%3A1/activities", new JsonObject { ["type"] = "message" }, token);
        var sent = await SendAsync(HttpMethod.Post, "v3/conversations/a%3A1/activities", new JsonObject { ["type"] = "message" }, token);
        var postToOther = await SendAsync(HttpMethod.Post, "v3/conversations/a%3A2/activities", new JsonObject { ["type"] = "message" }, token);
        var putToOther = await SendAsync(HttpMethod.Put, "v3/conversations/a%3A2/activities/5", new JsonObject { ["type"] = "message" }, token);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Contains("MessageWritesBlocked", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Forbidden", (string?)JsonNode.Parse(await blocked.Content.ReadAsStringAsync())!["error"]!["code"]);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.Equal(HttpStatusCode.Created, postToOther.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, putToOther.StatusCode);
        Assert.Equal([429, 403, 201, 201, 500], _fake.ConnectorRequests.Select(r => r.StatusCode));
    }

    private async Task<HttpResponseMessage> RequestTokenAsync(string secret, string scope) =>
        await _http.PostAsync(_fake.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = _fake.AppId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        }));

    private async Task<string> TokenAsync()
    {
        var response = await RequestTokenAsync(_fake.AppPassword, TeamsOptions.ConnectorScope);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, JsonNode? body, string token)
    {
        using var request = new HttpRequestMessage(method, _fake.ServiceUrl + relative) { Content = body is null ? null : Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
