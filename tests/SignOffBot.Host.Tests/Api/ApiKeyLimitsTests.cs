using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary>
/// Keys limited by <c>Projects</c> (only these projects) and <c>ActAs</c> (only these people in <c>by</c> / <c>owner</c>):
/// anything outside is a 403 problem naming the limit, checked before anything is looked up or recorded.
/// </summary>
public sealed class ApiKeyLimitsTests
{
    private const string FraudKey = "test-key-fraud-detection-only";
    private const string DevKey = "test-key-acts-as-dev-only";
    private const string PlatformKey = "test-key-acts-as-ml-platform";
    private const string Pd1 = "credit-scoring/pd@1";
    private static readonly string[] AllScopes = ["items:write", "deploy:check", "audit:read", "outbox:write"];

    private static HostFixture App()
    {
        var app = new HostFixture();
        AddKey(app, 3, "fraud-ci", FraudKey, AllScopes, projects: ["fraud-detection"], actAs: ["ana@example.com", "dev@example.com"]);
        AddKey(app, 4, "dev-ci", DevKey, AllScopes, actAs: ["Dev@Example.com"]);
        AddKey(app, 5, "platform-ci", PlatformKey, ["items:write"], projects: ["recommendations"], actAs: ["group:ml-platform"]);
        return app;
    }

    private static async Task AssertLimitedAsync(HttpResponseMessage response, string rule, params string[] named)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(rule, (string?)problem["rule"]);
        foreach (var part in named)
        {
            Assert.Contains(part, Detail(problem), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ProjectsLimitedKey_RegisteringInAnotherProject_Is403NamingTheLimitAndRecordsNothing()
    {
        await using var app = App();
        var client = app.CreateClient(FraudKey);

        var refused = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "credit-scoring", name = "pd", version = "1", owner = "dev@example.com" }));

        await AssertLimitedAsync(refused, "key-projects", "This key ('fraud-ci') is limited to projects fraud-detection", "'credit-scoring'");
        Assert.Equal(0, await AuditEventCountAsync(app));
        await AssertOkAsync(await client.PostAsync("/api/v1/items", ApiJson.Body(SpecExampleItem())), HttpStatusCode.Created);
    }

    [Fact]
    public async Task ProjectsLimitedKey_EveryEndpointOfOneItem_OnAnotherProject_Is403AndRecordsNothing()
    {
        await using var app = App();
        var all = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(all, "credit-scoring", "pd", "1", "dev@example.com");
        var events = await AuditEventCountAsync(app);
        var client = app.CreateClient(FraudKey);

        HttpResponseMessage[] responses =
        [
            await client.GetAsync("/api/v1/items/credit-scoring/pd@1"),
            await client.GetAsync("/api/v1/items/credit-scoring/unknown@9"),
            await client.GetAsync("/api/v1/items/Credit-Scoring/pd@1"),
            await client.PostAsync("/api/v1/items/credit-scoring/pd@1/request-feedback", ApiJson.Body(new { by = "dev@example.com" })),
            await client.PostAsync("/api/v1/items/credit-scoring/pd@1/request-final", ApiJson.Body(new { by = "dev@example.com" })),
            await DeployCheckAsync(client, Pd1, "staging-api"),
            await ConfirmAsync(client, Pd1, "staging-api", "dev@example.com", "load test"),
            await client.GetAsync($"/api/v1/audit?item={Uri.EscapeDataString(Pd1)}"),
        ];

        foreach (var response in responses)
        {
            await AssertLimitedAsync(response, "key-projects", "limited to projects fraud-detection");
        }

        Assert.Equal(events, await AuditEventCountAsync(app));
        Assert.Equal("not-started", (string?)(await AssertOkAsync(await all.GetAsync("/api/v1/items/credit-scoring/pd@1")))["signOff"]!["state"]);
    }

    [Fact]
    public async Task ProjectsLimitedKey_OnItsOwnProject_WorksAsAnyKey()
    {
        await using var app = App();
        var client = app.CreateClient(FraudKey);
        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "ana@example.com");

        await AssertOkAsync(await client.GetAsync("/api/v1/items/FRAUD-DETECTION/churn-xgb@7"));
        await AssertOkAsync(await client.PostAsync(Churn7Url + "/request-feedback", ApiJson.Body(new { by = "ana@example.com" })));
        await AssertOkAsync(await DeployCheckAsync(client, Churn7, "staging-api"));
        await AssertOkAsync(await ConfirmAsync(client, Churn7, "staging-api", "dev@example.com", "load test"));
        Assert.Equal(4, (await AuditOfAsync(client, Churn7)).Count);
        await AssertOkAsync(await client.GetAsync("/api/v1/audit/verify"));
    }

    [Theory]
    [InlineData("/api/v1/audit/export")]
    [InlineData("/api/v1/audit/export?format=csv")]
    [InlineData("/api/v1/outbox/dead")]
    public async Task ProjectsLimitedKey_OnEndpointsSpanningEveryProject_Is403(string path)
    {
        await using var app = App();

        await AssertLimitedAsync(await app.CreateClient(FraudKey).GetAsync(path), "key-projects", "limited to projects fraud-detection", "spans every project");
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient(DevKey).GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task ProjectsLimitedKey_RetryingADeadLetter_Is403()
    {
        await using var app = App();

        await AssertLimitedAsync(await app.CreateClient(FraudKey).PostAsync("/api/v1/outbox/dead/1/retry", null), "key-projects", "the outbox");
    }

    [Fact]
    public async Task ActAsLimitedKey_NamingAnotherPerson_Is403NamingTheLimitAndRecordsNothing()
    {
        await using var app = App();
        await ApiJson.RegisterAsync(app.CreateClient(HostFixture.AllScopesKey), "fraud-detection", "churn-xgb", "7", "dev@example.com");
        var events = await AuditEventCountAsync(app);
        var client = app.CreateClient(DevKey);

        // ana@ owns the project, so without the key's limit every one of these would be accepted.
        await AssertLimitedAsync(await client.PostAsync("/api/v1/items", ApiJson.Body(SpecExampleItem("8"))), "key-act-as", "This key ('dev-ci') may act only as dev@example.com", "'ana@example.com' in \"owner\"");
        await AssertLimitedAsync(await client.PostAsync(Churn7Url + "/request-feedback", ApiJson.Body(new { by = "ana@example.com" })), "key-act-as", "in \"by\"");
        await AssertLimitedAsync(await client.PostAsync(Churn7Url + "/request-final", ApiJson.Body(new { by = " ANA@example.com " })), "key-act-as", "'ANA@example.com'");
        await AssertLimitedAsync(await ConfirmAsync(client, Churn7, "staging-api", "ana@example.com", "load test"), "key-act-as", "in \"by\"");

        Assert.Equal(events, await AuditEventCountAsync(app));
        await AssertOkAsync(await client.PostAsync(Churn7Url + "/request-feedback", ApiJson.Body(new { by = "DEV@example.com" })));
        await AssertOkAsync(await ConfirmAsync(client, Churn7, "staging-api", "dev@example.com", "load test"));
    }

    [Fact]
    public async Task ActAsLimitedKey_WithAGroup_ActsAsItsMembersOnly()
    {
        await using var app = App();
        var client = app.CreateClient(PlatformKey);

        var lee = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "recommendations", name = "ranker", version = "2", owner = "lee@example.com" }));
        var dev = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "recommendations", name = "ranker", version = "3", owner = "dev@example.com" }));

        await AssertOkAsync(lee, HttpStatusCode.Created);
        await AssertLimitedAsync(dev, "key-act-as", "group:ml-platform");
    }

    [Fact]
    public async Task UnlimitedKey_IsNotLimited()
    {
        await using var app = App();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        await ApiJson.RegisterAsync(client, "credit-scoring", "pd", "1", "dev@example.com");
        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "7", "ana@example.com");
        var export = await client.GetAsync("/api/v1/audit/export");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(2, NonEmptyLines(await export.Content.ReadAsStringAsync()).Count);
    }

    [Fact]
    public async Task ItemsOnlyKey_ReadingAnItemOfItsProject_StillNeedsNoScope()
    {
        await using var app = App();
        await ApiJson.RegisterAsync(app.CreateClient(PlatformKey), "recommendations", "ranker", "2", "lee@example.com");

        var item = await AssertOkAsync(await app.CreateClient(PlatformKey).GetAsync("/api/v1/items/recommendations/ranker@2"));

        Assert.Equal("lee@example.com", (string?)item["owner"]);
        Assert.IsType<JsonObject>(item["signOff"]);
    }
}
