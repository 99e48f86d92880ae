using System.Net;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary><c>PATCH …/evidence</c> and <c>POST …/re-request</c> (items:write), with the chat commands' rules.</summary>
public sealed class ItemLifecycleApiTests
{
    private const string Evidence = Churn7Url + "/evidence";
    private const string ReRequest = Churn7Url + "/re-request";

    [Fact]
    public async Task ChangeEvidence_ReplacesOnlyTheLinksGiven_AndIsAudited()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var item = await AssertOkAsync(await client.PatchAsync(Evidence, ApiJson.Body(new { by = "ana@example.com", modelCard = "https://wiki.example.com/churn-7-v2", ticket = "CHG-77" })));

        Assert.Equal("https://wiki.example.com/churn-7-v2", (string?)item["evidence"]!["modelCard"]);
        Assert.Equal("CHG-77", (string?)item["evidence"]!["ticket"]);
        var changed = (await AuditOfAsync(client, Churn7)).Last()!;
        Assert.Equal("evidence-changed", (string?)changed["action"]);
        Assert.Equal("ana@example.com", (string?)changed["actor"]);
        Assert.Contains("model card: https://wiki.example.com/churn-7-v2", (string?)changed["comment"], StringComparison.Ordinal);
        var stored = await AssertOkAsync(await client.GetAsync(Churn7Url));
        Assert.Equal(item.ToJsonString(), stored.ToJsonString());
    }

    [Theory]
    [InlineData("""{"by":"ana@example.com"}""", HttpStatusCode.BadRequest, "Name at least one link to change: \"modelCard\", \"validationReport\", \"rollbackPlan\" or \"ticket\".")]
    [InlineData("""{"by":"ana@example.com","modelCard":"not a link"}""", HttpStatusCode.BadRequest, "absolute http(s) link")]
    [InlineData("""{"modelCard":"https://wiki.example.com/x"}""", HttpStatusCode.BadRequest, "\"by\" is required")]
    [InlineData("""{"by":"biz@example.com","modelCard":"https://wiki.example.com/x"}""", HttpStatusCode.Forbidden, "item owner")]
    [InlineData("""{"by":"ana@example.com","modelCard":""", HttpStatusCode.BadRequest, "JSON")]
    public async Task ChangeEvidence_BadOrForbidden_IsAProblem_AndChangesNothing(string body, HttpStatusCode status, string detail)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        var before = await AssertOkAsync(await client.GetAsync(Churn7Url));

        var problem = await AssertProblemAsync(await client.PatchAsync(Evidence, ApiJson.Raw(body)), status);

        Assert.Contains(detail, Detail(problem), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before.ToJsonString(), (await AssertOkAsync(await client.GetAsync(Churn7Url))).ToJsonString());
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task ReRequest_AsksAgain_WithTheReasonAudited_AndKeepsEarlierAnswers()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        await AssertOkAsync(await client.PostAsync(Churn7Url + "/request-feedback", ApiJson.Body(new { by = "ana@example.com", categories = new[] { "Business" } })));

        var item = await AssertOkAsync(await client.PostAsync(ReRequest, ApiJson.Body(new { by = "ana@example.com", categories = new[] { "business" }, reason = "drift fixed in 7.1" })));

        Assert.Equal("feedback-requested", (string?)item["signOff"]!["state"]);
        var asked = (await AuditOfAsync(client, Churn7)).Last()!;
        Assert.Equal("re-requested", (string?)asked["action"]);
        Assert.Equal("Business", (string?)asked["slot"]);
        Assert.Equal("drift fixed in 7.1", (string?)asked["comment"]);
    }

    [Theory]
    [InlineData("""{"by":"ana@example.com"}""", HttpStatusCode.BadRequest, "categories")]
    [InlineData("""{"by":"ana@example.com","categories":["Business"]}""", HttpStatusCode.Conflict, "not requested")]
    [InlineData("""{"by":"ana@example.com","categories":["Legal"]}""", HttpStatusCode.BadRequest, "no feedback category 'Legal'")]
    [InlineData("""{"by":"biz@example.com","categories":["Business"]}""", HttpStatusCode.Forbidden, "item owner")]
    public async Task ReRequest_BadOrForbidden_IsAProblem_AndChangesNothing(string body, HttpStatusCode status, string detail)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await client.PostAsync(ReRequest, ApiJson.Raw(body)), status);

        Assert.Contains(detail, Detail(problem), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData("evidence", "PATCH")]
    [InlineData("re-request", "POST")]
    public async Task WithoutItemsWrite_Is403_WithoutKey401_AndUnknownItem404(string action, string method)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        const string Body = """{"by":"ana@example.com","categories":["Business"],"modelCard":"https://wiki.example.com/x"}""";
        HttpRequestMessage Request(string url) => new(new HttpMethod(method), url) { Content = ApiJson.Raw(Body) };

        var forbidden = await AssertProblemAsync(await app.CreateClient(HostFixture.AuditOnlyKey).SendAsync(Request($"{Churn7Url}/{action}")), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await app.CreateClient().SendAsync(Request($"{Churn7Url}/{action}")), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await client.SendAsync(Request($"/api/v1/items/fraud-detection/churn-xgb@99/{action}")), HttpStatusCode.NotFound);

        Assert.Contains("items:write", Detail(forbidden), StringComparison.Ordinal);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }
}
