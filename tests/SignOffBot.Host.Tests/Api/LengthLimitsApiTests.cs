using System.Net;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary>Item names and versions longer than 100 characters are refused with a 400 problem naming the limit.</summary>
public sealed class LengthLimitsApiTests
{
    private static readonly string Long = new('n', 101);

    [Theory]
    [InlineData("name", "An item name is at most 100 characters; this one has 101.", "name-too-long")]
    [InlineData("version", "An item version is at most 100 characters; this one has 101.", "version-too-long")]
    public async Task Register_WithA101CharacterNameOrVersion_Is400NamingTheLimit(string field, string detail, string rule)
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);
        var body = field == "name"
            ? new { project = "fraud-detection", name = Long, version = "7", owner = "ana@example.com" }
            : new { project = "fraud-detection", name = "churn-xgb", version = Long, owner = "ana@example.com" };

        var problem = await AssertProblemAsync(await client.PostAsync("/api/v1/items", ApiJson.Body(body)), HttpStatusCode.BadRequest);

        Assert.Equal(detail, Detail(problem));
        Assert.Equal(rule, (string?)problem["rule"]);
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Register_WithA100CharacterNameAndVersion_Is201_AndTheItemIsFoundByItsKey()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);
        var name = new string('n', 100);
        var version = "2." + new string('0', 98);

        await ApiJson.RegisterAsync(client, "fraud-detection", name, version, "ana@example.com");

        var item = await AssertOkAsync(await client.GetAsync($"/api/v1/items/fraud-detection/{name}@{version}"));
        Assert.Equal(version, (string?)item["version"]);
        Assert.Equal("warning", (string?)(await AssertOkAsync(await DeployCheckAsync(client, $"fraud-detection/{name}@{version}", "staging-api")))["decision"]);
    }

    [Fact]
    public async Task ItemKeysWithA101CharacterName_AreRefusedNamingTheLimit_OnEveryEndpoint()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);
        var key = $"fraud-detection/{Long}@7";

        HttpResponseMessage[] responses =
        [
            await client.GetAsync($"/api/v1/items/{key}"),
            await client.PostAsync($"/api/v1/items/{key}/request-feedback", ApiJson.Body(new { by = "ana@example.com" })),
            await DeployCheckAsync(client, key, "staging-api"),
            await ConfirmAsync(client, key, "staging-api", "ana@example.com", "load test"),
            await client.GetAsync($"/api/v1/audit?item={Uri.EscapeDataString(key)}"),
        ];

        foreach (var response in responses)
        {
            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal("An item name is at most 100 characters; this one has 101.", Detail(problem));
        }

        Assert.Equal(0, await AuditEventCountAsync(app));
    }
}
