using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary>
/// <c>GET /api/v1/items?project=&amp;state=&amp;owner=&amp;cursor=&amp;limit=</c>: any valid key lists items as
/// <c>GET /api/v1/items/{key}</c> shows them, filtered, in key order; a key limited to projects sees only those; bad
/// input is a 400 problem saying what is accepted.
/// </summary>
public sealed class ListItemsApiTests
{
    private const string FraudKey = "test-key-list-fraud-detection";
    private const string TwoProjectsKey = "test-key-list-two-projects";

    [Theory]
    [InlineData(HostFixture.AllScopesKey)]
    [InlineData(HostFixture.ItemsOnlyKey)]
    [InlineData(HostFixture.AuditOnlyKey)]
    public async Task List_WithAnyValidKey_Is200WithTheItemsAsGetShowsThem(string key)
    {
        await using var app = new HostFixture();
        await WithChurn7Async(app);
        var client = app.CreateClient(key);

        var list = await AssertOkAsync(await client.GetAsync("/api/v1/items"));

        var item = Assert.Single(list["items"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(await AssertOkAsync(await client.GetAsync(Churn7Url)), item), $"{item}");
        Assert.True(list.AsObject().ContainsKey("next"));
        Assert.Null(list["next"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task List_WithoutAValidKey_Is401(string? key)
    {
        await using var app = new HostFixture();
        await WithChurn7Async(app);

        var response = await (key is null ? app.CreateClient() : app.CreateClient(key)).GetAsync("/api/v1/items");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [InlineData("project=Fraud-Detection", "fraud-detection/churn-xgb@7 fraud-detection/churn-xgb@8")]
    [InlineData("state=feedback-requested", "fraud-detection/churn-xgb@7")]
    [InlineData("state=Not-Started", "credit-scoring/pd@1 fraud-detection/churn-xgb@8")]
    [InlineData("owner=Dev@Example.com", "credit-scoring/pd@1 fraud-detection/churn-xgb@8")]
    [InlineData("project=fraud-detection&state=not-started&owner=dev@example.com", "fraud-detection/churn-xgb@8")]
    [InlineData("project=&state=&owner=&cursor=&limit=", "credit-scoring/pd@1 fraud-detection/churn-xgb@7 fraud-detection/churn-xgb@8")]
    [InlineData("state=approved", "")]
    [InlineData("owner=nobody@example.com", "")]
    public async Task List_FiltersByProjectStateAndOwner(string filter, string expected)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "8", "dev@example.com");
        await ApiJson.RegisterAsync(client, "credit-scoring", "pd", "1", "dev@example.com");
        await AssertOkAsync(await client.PostAsync(Churn7Url + "/request-feedback", ApiJson.Body(new { by = "ana@example.com" })));

        var list = await AssertOkAsync(await client.GetAsync($"/api/v1/items?{filter}"));

        Assert.Equal(expected, string.Join(' ', Keys(list)));
        Assert.Null(list["next"]);
    }

    [Fact]
    public async Task List_WithAKeyLimitedToAProject_ShowsOnlyThatProject_AndRefusesAnother()
    {
        await using var app = new HostFixture();
        AddKey(app, 3, "fraud-reader", FraudKey, ["audit:read"], projects: ["fraud-detection"]);
        var all = await WithChurn7Async(app);
        await ApiJson.RegisterAsync(all, "credit-scoring", "pd", "1", "dev@example.com");
        await ApiJson.RegisterAsync(all, "recommendations", "ranker", "3", "dev@example.com");
        var client = app.CreateClient(FraudKey);

        Assert.Equal([Churn7], Keys(await AssertOkAsync(await client.GetAsync("/api/v1/items"))));
        Assert.Equal([Churn7], Keys(await AssertOkAsync(await client.GetAsync("/api/v1/items?project=FRAUD-DETECTION"))));
        foreach (var project in new[] { "credit-scoring", "no-such-project" })
        {
            var problem = await AssertProblemAsync(await client.GetAsync($"/api/v1/items?project={project}"), HttpStatusCode.Forbidden);
            Assert.Equal("key-projects", (string?)problem["rule"]);
        }
    }

    [Fact]
    public async Task List_WithAKeyLimitedToTwoProjects_PagesThroughBoth_InKeyOrder()
    {
        await using var app = new HostFixture();
        AddKey(app, 3, "two-readers", TwoProjectsKey, ["audit:read"], projects: ["recommendations", "fraud-detection"]);
        var all = app.CreateClient(HostFixture.AllScopesKey);
        foreach (var version in new[] { "1", "2", "3" })
        {
            await ApiJson.RegisterAsync(all, "fraud-detection", "churn-xgb", version, "dev@example.com");
            await ApiJson.RegisterAsync(all, "credit-scoring", "pd", version, "dev@example.com");
            await ApiJson.RegisterAsync(all, "recommendations", "ranker", version, "dev@example.com");
        }

        var client = app.CreateClient(TwoProjectsKey);
        var seen = new List<string>();
        var url = "/api/v1/items?limit=2";
        for (var pages = 1; ; pages++)
        {
            var page = await AssertOkAsync(await client.GetAsync(url));
            seen.AddRange(Keys(page));
            if ((string?)page["next"] is not { } next)
            {
                Assert.Equal(3, pages);
                break;
            }

            url = $"/api/v1/items?limit=2&cursor={Uri.EscapeDataString(next)}";
        }

        Assert.Equal(
            ["fraud-detection/churn-xgb@1", "fraud-detection/churn-xgb@2", "fraud-detection/churn-xgb@3",
             "recommendations/ranker@1", "recommendations/ranker@2", "recommendations/ranker@3"],
            seen);
    }

    [Fact]
    public async Task List_AnUnknownProject_Is404()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await client.GetAsync("/api/v1/items?project=weather"), HttpStatusCode.NotFound);

        Assert.Equal("unknown-project", (string?)problem["rule"]);
        Assert.Contains("'weather'", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AnUnknownState_Is400NamingEveryState()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await client.GetAsync("/api/v1/items?state=open"), HttpStatusCode.BadRequest);

        Assert.Contains(
            "not-started, feedback-requested, final-approval-requested, approved, rejected, abandoned; not 'open'",
            Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=101")]
    [InlineData("limit=0")]
    [InlineData("limit=-1")]
    [InlineData("limit=ten")]
    [InlineData("limit=1e2")]
    public async Task List_ALimitOutside1To100_Is400(string limit)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await client.GetAsync($"/api/v1/items?{limit}"), HttpStatusCode.BadRequest);

        Assert.Contains("limit is a whole number from 1 to 100", Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("ZnJhdWQtZGV0ZWN0aW9u")] // base64url of "fraud-detection": no item key
    [InlineData("ZnJhdWQtZGV0ZWN0aW9uL2NodXJuLXhnYkA")] // the cursor of fraud-detection/churn-xgb@7 cut short
    [InlineData("ZnJhdWQtZGV0ZWN0aW9uL2NodXJuLXhnYkA3!")]
    public async Task List_ACursorNoPageGave_Is400(string cursor)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await client.GetAsync($"/api/v1/items?cursor={Uri.EscapeDataString(cursor)}"), HttpStatusCode.BadRequest);

        Assert.Contains("\"next\" of the page before", Detail(problem), StringComparison.Ordinal);
    }

    private static List<string> Keys(JsonNode list) => [.. list["items"]!.AsArray().Select(i => (string)i!["key"]!)];
}
