using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Ports;
using SignOffBot.Host.Health;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing.Slack;
using SignOffBot.Testing.Teams;

namespace SignOffBot.Host.Tests.Health;

/// <summary><c>/healthz/live</c> and <c>/healthz/ready</c> on the real host, its platforms played by loopback fakes.</summary>
public sealed class ReadinessTests
{
    private static readonly string[] ReadyChecks = ["dead-letters", "slack", "store", "teams"];

    [Fact]
    public async Task Live_Is200_AndChecksNothing()
    {
        await using var app = new HostFixture();

        var (status, body) = await GetAsync(app.CreateClient(), "/healthz/live");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", (string?)body["status"]);
        Assert.Empty(body["checks"]!.AsObject());
    }

    [Fact]
    public async Task Ready_WithTheEmbeddedStoreAndBothPlatforms_Is200_NamingEveryCheck_AndCachesTheCredentialChecks()
    {
        await using var host = await TwoPlatformFixture.StartAsync();

        var (status, body) = await GetAsync(host.Http, "/healthz/ready");

        Assert.True(HttpStatusCode.OK == status, body.ToJsonString());
        Assert.Equal("healthy", (string?)body["status"]);
        var checks = body["checks"]!.AsObject();
        Assert.Equal(ReadyChecks, checks.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.All(checks, c => Assert.Equal("healthy", (string?)c.Value!["status"]));
        Assert.Equal("a Bot Framework token was fetched", (string?)checks["teams"]!["description"]);
        Assert.Equal("auth.test passed", (string?)checks["slack"]!["description"]);
        AssertNoSecret(host, body);

        // The probe record was written through the store's unit of work.
        var probe = host.App.Services.GetRequiredService<IPlatformRecords>().Set<HealthProbe>(StoreWriteCheck.ProbeSet).Find(HealthProbe.TheOne);
        Assert.Equal(host.App.Time.GetUtcNow().UtcDateTime, probe!.WrittenAt);

        // Probes within the check's lifetime ask neither Entra nor Slack again; after it they do.
        var tokens = host.Teams.TokenRequests.Count;
        var authTests = host.Slack.CallsTo("auth.test").Count;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(host.Http, "/healthz/ready")).Status);
        }

        Assert.Equal(tokens, host.Teams.TokenRequests.Count);
        Assert.Equal(authTests, host.Slack.CallsTo("auth.test").Count);
        host.App.Time.Advance(CachedCheck.Lifetime);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host.Http, "/healthz/ready")).Status);
        Assert.Equal(tokens + 1, host.Teams.TokenRequests.Count);
        Assert.Equal(authTests + 1, host.Slack.CallsTo("auth.test").Count);
    }

    [Fact]
    public async Task Ready_WhenTheTokenEndpointRefusesTheCredentials_Is503_NamingTheTeamsCheck()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        host.Teams.RefuseCredentials = true;

        var (status, body) = await GetAsync(host.Http, "/healthz/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", (string?)body["status"]);
        var checks = body["checks"]!;
        Assert.Equal("unhealthy", (string?)checks["teams"]!["status"]);
        Assert.StartsWith("no Bot Framework token", (string?)checks["teams"]!["description"], StringComparison.Ordinal);
        Assert.Equal(["healthy", "healthy", "healthy"], new[] { "store", "slack", "dead-letters" }.Select(c => (string?)checks[c]!["status"]));
        Assert.Equal(401, host.Teams.TokenRequests[^1].StatusCode);
        AssertNoSecret(host, body);
        Assert.Contains(host.Logs.Entries, e => e.Message.StartsWith("Readiness: Teams is not ready:", StringComparison.Ordinal)
            && e.Message.Contains("refused the bot's credentials (401)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ready_WhenTheSecretIsRevokedAfterAPassingCheck_Turns503WithinTheCheckLifetime_AndBackWhenFixed()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host.Http, "/healthz/ready")).Status);

        host.Teams.RefuseCredentials = true;
        host.App.Time.Advance(CachedCheck.Lifetime);
        var (refused, body) = await GetAsync(host.Http, "/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused);
        Assert.Equal("unhealthy", (string?)body["checks"]!["teams"]!["status"]);

        host.Teams.RefuseCredentials = false;
        host.App.Time.Advance(CachedCheck.Lifetime);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host.Http, "/healthz/ready")).Status);
    }

    [Fact]
    public async Task Ready_WhenSlackAuthTestAnswersInvalidAuth_Is503_NamingTheSlackCheckAndTheError()
    {
        await using var host = await TwoPlatformFixture.StartAsync();
        host.Slack.FailNextWithError("auth.test", "invalid_auth");

        var (status, body) = await GetAsync(host.Http, "/healthz/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var checks = body["checks"]!;
        Assert.Equal("unhealthy", (string?)checks["slack"]!["status"]);
        Assert.Equal("auth.test failed: invalid_auth", (string?)checks["slack"]!["description"]);
        Assert.Equal("healthy", (string?)checks["teams"]!["status"]);
        AssertNoSecret(host, body);
    }

    [Fact]
    public async Task Ready_WithARecentDeadLetter_Is200_AndWithOneOlderThanTheConfiguredAge_Is503()
    {
        await using var host = await TwoPlatformFixture.StartAsync(settings: new Dictionary<string, string?> { ["Health:DeadLetterMaxAge"] = "02:00:00" });
        host.Slack.FailNextWithError("chat.postMessage", "channel_not_found", channel: TwoPlatformFixture.SlackReleaseChannel);
        await host.RegisterAndRequestFeedbackAsync();
        await host.DriveUntilAsync(async () => (int)(await host.HealthAsync())["outbox"]!["deadLetters"]! >= 1);

        var (recent, body) = await GetAsync(host.Http, "/healthz/ready");
        Assert.True(HttpStatusCode.OK == recent, body.ToJsonString());
        Assert.Equal("no dead letter older than 0.02:00:00", (string?)body["checks"]!["dead-letters"]!["description"]);

        host.App.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var (old, stale) = await GetAsync(host.Http, "/healthz/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, old);
        var check = stale["checks"]!["dead-letters"]!;
        Assert.Equal("unhealthy", (string?)check["status"]);
        Assert.Contains("older than Health:DeadLetterMaxAge (0.02:00:00)", (string?)check["description"], StringComparison.Ordinal);
        Assert.Equal(["healthy", "healthy", "healthy"], new[] { "store", "slack", "teams" }.Select(c => (string?)stale["checks"]![c]!["status"]));
    }

    [Fact]
    public async Task Ready_WithNoPlatformConfigured_Is200_AndSaysBothAreOff()
    {
        await using var app = new HostFixture();

        var (status, body) = await GetAsync(app.CreateClient(), "/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Teams is off (not configured)", (string?)body["checks"]!["teams"]!["description"]);
        Assert.Equal("Slack is off (not configured)", (string?)body["checks"]!["slack"]!["description"]);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, await ApiJson.ReadAsync(response));
    }

    private static void AssertNoSecret(TwoPlatformFixture host, JsonNode body)
    {
        var text = body.ToJsonString();
        Assert.DoesNotContain(FakeBotFramework.DefaultAppPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeSlackApi.DefaultBotToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeSlackApi.DefaultSigningSecret, text, StringComparison.Ordinal);
        Assert.All(host.Teams.IssuedTokens, token => Assert.DoesNotContain(token, text, StringComparison.Ordinal));
    }
}
