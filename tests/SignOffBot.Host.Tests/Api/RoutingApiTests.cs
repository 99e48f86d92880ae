using System.Net;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Api;

/// <summary>What is not an endpoint of SPEC section 5.</summary>
public sealed class RoutingApiTests
{
    [Theory]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/api/v2/items/fraud-detection/churn-xgb@7")]
    [InlineData("/api/v1/items/fraud-detection/churn-xgb@7/history/more")]
    [InlineData("/")]
    [InlineData("/playground/api/directory")]
    public async Task AnUnknownRoute_Is404(string url)
    {
        await using var app = new HostFixture();
        app.Settings["Playground:Enabled"] = "false";

        var response = await app.CreateClient(HostFixture.AllScopesKey).GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownRoute_IsAProblem()
    {
        await using var app = new HostFixture();

        var response = await app.CreateClient(HostFixture.AllScopesKey).GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ApiTestKit.ProblemJson, response.Content.Headers.ContentType?.MediaType);
        var problem = await ApiJson.ReadAsync(response);
        Assert.Equal(404, (int?)problem["status"]);
        Assert.Equal(
            "Nothing answers at /api/v1/nothing-here. The API is under /api/v1 (an item is /api/v1/items/<project>/<name>@<version>); the README lists every endpoint.",
            (string?)problem["detail"]);
    }

    [Fact]
    public async Task AnUnknownRoute_WithoutAKey_Is404Not401()
    {
        await using var app = new HostFixture();

        var response = await app.CreateClient().PostAsync("/api/v1/unknown", ApiJson.Raw("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AWrongMethodOnAKnownRoute_Is405AsAProblem()
    {
        await using var app = new HostFixture();

        var response = await app.CreateClient(HostFixture.AllScopesKey).DeleteAsync("/api/v1/items/fraud-detection/churn-xgb@7");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(ApiTestKit.ProblemJson, response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("DELETE is not taken at /api/v1/items/fraud-detection/churn-xgb@7; ", (string?)(await ApiJson.ReadAsync(response))["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADetailQuotingAHugeInput_IsShortened()
    {
        await using var app = new HostFixture();
        var client = await ApiTestKit.WithChurn7Async(app);
        var huge = new string('x', 900_000);

        var response = await client.PostAsync("/api/v1/deploy-check/confirm", ApiJson.Body(new { item = "fraud-detection/churn-xgb@7", infrastructure = "staging-api", by = huge, reason = "r" }));

        var detail = (string?)(await ApiJson.ReadAsync(response))["detail"];
        Assert.False(response.IsSuccessStatusCode);
        Assert.NotNull(detail);
        Assert.Equal(SignOffBot.Host.Api.Problems.MaxDetailLength, detail.Length);
        Assert.EndsWith("…", detail, StringComparison.Ordinal);
    }
}
