using System.Net;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary><c>GET /api/v1/items/{project}/{name}@{version}</c>: any valid key reads an item.</summary>
public sealed class GetItemApiTests
{
    [Theory]
    [InlineData(HostFixture.AllScopesKey)]
    [InlineData(HostFixture.ItemsOnlyKey)]
    [InlineData(HostFixture.AuditOnlyKey)]
    public async Task Get_WithAnyValidKey_Is200WithTheItemAndItsSignOff(string key)
    {
        await using var app = new HostFixture();
        await WithChurn7Async(app);

        var item = await AssertOkAsync(await app.CreateClient(key).GetAsync(Churn7Url));

        Assert.Equal(Churn7, (string?)item["key"]);
        Assert.Equal("ana@example.com", (string?)item["owner"]);
        Assert.Equal("not-started", (string?)item["signOff"]!["state"]);
        Assert.Equal(3, item["signOff"]!["feedback"]!.AsArray().Count);
    }

    [Fact]
    public async Task Get_AfterARequest_ShowsTheNewState()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        await AssertOkAsync(await client.PostAsync(Churn7Url + "/request-final", ApiJson.Body(new { by = "ana@example.com" })));

        var item = await AssertOkAsync(await client.GetAsync(Churn7Url));

        Assert.Equal("final-approval-requested", (string?)item["signOff"]!["state"]);
    }

    [Theory]
    [InlineData("/api/v1/items/fraud-detection/churn-xgb@8")]
    [InlineData("/api/v1/items/fraud-detection/unknown@7")]
    [InlineData("/api/v1/items/weather/churn-xgb@7")]
    public async Task Get_AnUnknownItem_Is404(string url)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await client.GetAsync(url), HttpStatusCode.NotFound);

        Assert.Contains("no item", Detail(problem), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_AKeyWithoutVersion_Is400()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await client.GetAsync("/api/v1/items/fraud-detection/churn-xgb"), HttpStatusCode.BadRequest);

        Assert.Contains("<project>/<name>@<version>", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithoutAKey_Is401()
    {
        await using var app = new HostFixture();
        await WithChurn7Async(app);

        var response = await app.CreateClient().GetAsync(Churn7Url);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Get_WithAWrongKey_Is401()
    {
        await using var app = new HostFixture();
        await WithChurn7Async(app);

        var response = await app.CreateClient("wrong").GetAsync(Churn7Url);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }
}
