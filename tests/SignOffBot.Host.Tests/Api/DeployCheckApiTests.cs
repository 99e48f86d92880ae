using System.Net;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary><c>GET /api/v1/deploy-check?item=&amp;infrastructure=</c>: 200 for every decision (SPEC sections 3 and 5).</summary>
public sealed class DeployCheckApiTests
{
    [Theory]
    [InlineData("prod-api", "blocked", "prevent")]
    [InlineData("prod-batch", "blocked", "prevent")]
    [InlineData("staging-api", "warning", "warn")]
    [InlineData("sandbox", "allowed", "always")]
    public async Task Check_ANotStartedItem_Is200WithTheDecisionOfThePolicy(string infrastructure, string decision, string policy)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var response = await DeployCheckAsync(client, Churn7, infrastructure);

        var answer = await AssertOkAsync(response);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Equal(decision, (string?)answer["decision"]);
        Assert.Equal("not-started", (string?)answer["state"]);
        Assert.Equal(policy, (string?)answer["policy"]);
        var reason = (string?)answer["reason"];
        Assert.False(string.IsNullOrWhiteSpace(reason), "the answer always says why");
        Assert.Contains(infrastructure, reason, StringComparison.Ordinal);
        Assert.Contains("not-started", reason, StringComparison.Ordinal);
        foreach (var field in new[] { "approvedBy", "approvedAt", "bypass" })
        {
            Assert.True(answer.AsObject().ContainsKey(field), $"the answer carries {field}");
            Assert.Null(answer[field]);
        }
    }

    [Fact]
    public async Task Check_OnPrevent_SaysWhatIsStillNeeded()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        await AssertOkAsync(await client.PostAsync(Churn7Url + "/request-feedback", ApiJson.Body(new { by = "ana@example.com", categories = new[] { "Business" } })));

        var answer = await AssertOkAsync(await DeployCheckAsync(client, Churn7, "prod-api"));

        Assert.Equal("blocked", (string?)answer["decision"]);
        Assert.Equal("feedback-requested", (string?)answer["state"]);
        Assert.Contains("Business", (string?)answer["reason"], StringComparison.Ordinal);
        Assert.Contains("final approval", (string?)answer["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_EveryDecision_AppendsADeployCheckEventNamingIt()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        foreach (var infrastructure in new[] { "prod-api", "staging-api", "sandbox" })
        {
            await AssertOkAsync(await DeployCheckAsync(client, Churn7, infrastructure));
        }

        var events = await AuditOfAsync(client, Churn7);
        var checks = events.Where(e => (string?)e!["action"] == "deploy-check").ToList();
        Assert.Equal(3, checks.Count);
        Assert.Equal(["prod-api", "staging-api", "sandbox"], checks.Select(e => (string?)e!["slot"]));
        Assert.Equal(["blocked", "warning", "allowed"], checks.Select(e => (string?)e!["answer"]));
        Assert.All(checks, e =>
        {
            Assert.Equal(Churn7, (string?)e!["item"]);
            Assert.Equal("api-key:ci-all", (string?)e["actor"]);
            Assert.Equal("http", (string?)e["source"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)e["comment"]), "the check's reason is recorded");
        });
        Assert.Equal(4, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Check_Repeated_IsRecordedEachTime()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        await AssertOkAsync(await DeployCheckAsync(client, Churn7, "prod-api"));
        await AssertOkAsync(await DeployCheckAsync(client, Churn7, "prod-api"));

        Assert.Equal(2, (await AuditOfAsync(client, Churn7)).Count(e => (string?)e!["action"] == "deploy-check"));
    }

    [Fact]
    public async Task Check_WithAnotherSpellingOfTheKey_AnswersForTheRegisteredItem()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var answer = await AssertOkAsync(await DeployCheckAsync(client, "Fraud-Detection/Churn-XGB@7", "PROD-API"));

        Assert.Equal("blocked", (string?)answer["decision"]);
        Assert.Equal("prevent", (string?)answer["policy"]);
        Assert.Contains(Churn7, (string?)answer["reason"], StringComparison.Ordinal);
    }

    // Item keys and infrastructure keys are looked up case-insensitively (governance dictionaries and the LiteDB
    // collation), and register stores the canonical project key; but DeployService.Check and Confirm build the
    // audit event from the key as the caller spelled it (key.ToString()) instead of the resolved item's key.
    [Fact]
    public async Task Check_WithAnotherSpellingOfTheKey_IsAuditedUnderTheRegisteredKey()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        await AssertOkAsync(await DeployCheckAsync(client, "Fraud-Detection/Churn-XGB@7", "PROD-API"));
        await AssertOkAsync(await ConfirmAsync(client, "Fraud-Detection/Churn-XGB@7", "STAGING-API", "ana@example.com", "smoke test"));

        var export = NonEmptyLines(await client.GetStringAsync("/api/v1/audit/export?format=jsonl"))
            .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).ToList();

        Assert.Equal(3, export.Count);
        Assert.All(export, e => Assert.Equal(Churn7, (string?)e["item"]));
        Assert.Equal(["prod-api", "staging-api"], export.Skip(1).Select(e => (string?)e["slot"]));
    }

    [Theory]
    [InlineData("fraud-detection/churn-xgb@8", "prod-api", "fraud-detection/churn-xgb@8")]
    [InlineData("weather/nowcast@1", "sandbox", "weather/nowcast@1")]
    [InlineData(Churn7, "moon-base", "moon-base")]
    public async Task Check_AnUnknownItemOrInfrastructure_Is404AndRecordsNothing(string item, string infrastructure, string named)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await DeployCheckAsync(client, item, infrastructure), HttpStatusCode.NotFound);

        Assert.Contains(named, Detail(problem), StringComparison.Ordinal);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Check_AnUnknownInfrastructure_NamesTheKnownOnes()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await DeployCheckAsync(client, Churn7, "moon-base"), HttpStatusCode.NotFound);

        Assert.Contains("prod-api", Detail(problem), StringComparison.Ordinal);
        Assert.Contains("sandbox", Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/deploy-check")]
    [InlineData("/api/v1/deploy-check?item=fraud-detection/churn-xgb@7")]
    [InlineData("/api/v1/deploy-check?infrastructure=prod-api")]
    [InlineData("/api/v1/deploy-check?item=&infrastructure=prod-api")]
    [InlineData("/api/v1/deploy-check?item=churn-xgb&infrastructure=prod-api")]
    public async Task Check_WithoutBothParameters_Is400(string url)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await client.GetAsync(url), HttpStatusCode.BadRequest);

        Assert.Contains("item", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData(HostFixture.ItemsOnlyKey)]
    [InlineData(HostFixture.AuditOnlyKey)]
    public async Task Check_WithAKeyLackingDeployCheck_Is403(string key)
    {
        await using var app = new HostFixture();
        await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await DeployCheckAsync(app.CreateClient(key), Churn7, "prod-api"), HttpStatusCode.Forbidden);

        Assert.Contains("deploy:check", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Check_WithoutAKey_Is401()
    {
        await using var app = new HostFixture();
        await WithChurn7Async(app);

        var response = await DeployCheckAsync(app.CreateClient(), Churn7, "prod-api");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }
}
