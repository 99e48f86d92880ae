using System.Net;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Playground;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary>
/// Issue 12: ASP.NET Core's rate limiter on /api/v1 (a bucket per API key) and on the playground (a bucket per
/// client): past the limit, 429 problem details with Retry-After, and the refused request changes nothing.
/// </summary>
public sealed class RateLimitApiTests
{
    private const int Burst = 5;

    [Fact]
    public async Task ApiKey_PastItsBurst_Gets429WithRetryAfter_ChangingNothing_WhileAnotherKeyGoesOn()
    {
        await using var app = new HostFixture();
        app.Settings["RateLimits:Api:PerSecond"] = "1";
        app.Settings["RateLimits:Api:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var client = await WithChurn7Async(app);
        using var audit = app.CreateClient(HostFixture.AuditOnlyKey);
        var before = await EventsAsync(audit);

        var answered = 0;
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 50 && refused is null; i++)
        {
            var response = await DeployCheckAsync(client, Churn7, "prod-api");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                answered++;
            }
        }

        Assert.NotNull(refused);
        Assert.True(answered >= Burst - 1, $"{answered} checks were answered before the limit (one token went to registering)");
        var problem = await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("RateLimits", Detail(problem), StringComparison.Ordinal);
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);

        // Every answered check is audited; the refused one is not.
        Assert.Equal(before + answered, await EventsAsync(audit));
    }

    [Fact]
    public async Task Playground_PastItsBurst_Gets429WithRetryAfter_AndTheApiIsNotHeldBack()
    {
        await using var host = new PlaygroundFixture(app =>
        {
            app.Settings["RateLimits:Playground:PerSecond"] = "1";
            app.Settings["RateLimits:Playground:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });

        // Pages and commands share the client's bucket. Each command registers a new version, so the command that is
        // refused can be told from the ones let through, whenever the limiter's one-second refill happens to come.
        HttpResponseMessage? refused = null;
        string? refusedItem = null;
        for (var i = 0; i < 50 && (refused is null || refusedItem is null); i++)
        {
            var page = await host.PageResponseAsync("ana@example.com");
            if (page.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused ??= page;
            }

            var version = 100 + i;
            var command = await host.CommandAsync("ana@example.com", $"register fraud-detection churn-xgb@{version}");
            if (command.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refusedItem ??= $"fraud-detection/churn-xgb@{version}";
            }
        }

        Assert.NotNull(refused);
        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.NotNull(refusedItem);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Api.GetAsync($"/api/v1/items/{refusedItem}")).StatusCode);
    }

    [Fact]
    public async Task RequestsWithoutAValidKey_ShareOneBucketPerClient_SoGuessingKeysIsLimitedToo()
    {
        await using var app = new HostFixture();
        app.Settings["RateLimits:Api:PerSecond"] = "1";
        app.Settings["RateLimits:Api:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var guess = app.CreateClient($"guess-{i}");
            statuses.Add((await DeployCheckAsync(guess, Churn7, "prod-api")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, s.ToString()));
        using var valid = app.CreateClient(HostFixture.AuditOnlyKey);
        Assert.Equal(HttpStatusCode.OK, (await valid.GetAsync("/api/v1/audit/verify")).StatusCode);
    }

    private static async Task<int> EventsAsync(HttpClient audit) =>
        (int)(await AssertOkAsync(await audit.GetAsync("/api/v1/audit/verify")))["events"]!;
}
