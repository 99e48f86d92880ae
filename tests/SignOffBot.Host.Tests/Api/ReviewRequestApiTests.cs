using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary><c>POST …/request-feedback</c> and <c>…/request-final</c>, body <c>{"by","categories"}</c>.</summary>
public sealed class ReviewRequestApiTests
{
    private const string Feedback = Churn7Url + "/request-feedback";
    private const string Final = Churn7Url + "/request-final";

    [Theory]
    [InlineData("""{"by":"ana@example.com"}""")]
    [InlineData("""{"by":"ana@example.com","categories":[]}""")]
    [InlineData("""{"by":"ana@example.com","categories":null}""")]
    public async Task RequestFeedback_WithoutCategories_RequestsEveryCategory(string body)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var item = await AssertOkAsync(await client.PostAsync(Feedback, ApiJson.Raw(body)));

        Assert.Equal("feedback-requested", (string?)item["signOff"]!["state"]);
        Assert.All(item["signOff"]!["feedback"]!.AsArray(), slot => Assert.True((bool?)slot!["requested"], $"{slot["category"]} is requested"));
        var requested = (await AuditOfAsync(client, Churn7)).Last()!;
        Assert.Equal("feedback-requested", (string?)requested["action"]);
        Assert.Equal("IT & Operations, Risk & Compliance, Business", (string?)requested["slot"]);
        Assert.Equal("ana@example.com", (string?)requested["actor"]);
    }

    [Fact]
    public async Task RequestFeedback_OnNamedCategories_RequestsOnlyThose()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var item = await AssertOkAsync(await client.PostAsync(Feedback, ApiJson.Body(new { by = "ana@example.com", categories = new[] { "Business", "risk-compliance" } })));

        Assert.Equal("feedback-requested", (string?)item["signOff"]!["state"]);
        var requested = item["signOff"]!["feedback"]!.AsArray().ToDictionary(s => (string)s!["category"]!, s => (bool)s!["requested"]!);
        Assert.False(requested["IT & Operations"]);
        Assert.True(requested["Risk & Compliance"]);
        Assert.True(requested["Business"]);
        var stored = await AssertOkAsync(await client.GetAsync(Churn7Url));
        Assert.Equal(item.ToJsonString(), stored.ToJsonString());
    }

    [Fact]
    public async Task RequestFeedback_Later_AddsFurtherCategories()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        await AssertOkAsync(await client.PostAsync(Feedback, ApiJson.Body(new { by = "ana@example.com", categories = new[] { "Business" } })));

        var item = await AssertOkAsync(await client.PostAsync(Feedback, ApiJson.Body(new { by = "ana@example.com", categories = new[] { "IT & Operations" } })));

        var requested = item["signOff"]!["feedback"]!.AsArray().Where(s => (bool)s!["requested"]!).Select(s => (string?)s!["category"]);
        Assert.Equal(["IT & Operations", "Business"], requested);
    }

    [Fact]
    public async Task RequestFeedback_OnAnUnknownCategory_Is400ListingTheCategories()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        var events = await AuditEventCountAsync(app);

        var problem = await AssertProblemAsync(
            await client.PostAsync(Feedback, ApiJson.Body(new { by = "ana@example.com", categories = new[] { "Business", "Legal" } })),
            HttpStatusCode.BadRequest);

        Assert.Contains("Legal", Detail(problem), StringComparison.Ordinal);
        Assert.Contains("Risk & Compliance", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(events, await AuditEventCountAsync(app));
        Assert.Equal("not-started", (string?)(await AssertOkAsync(await client.GetAsync(Churn7Url)))["signOff"]!["state"]);
    }

    [Fact]
    public async Task RequestFeedback_WithABlankCategoryName_Is400()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await client.PostAsync(Feedback, ApiJson.Raw("""{"by":"ana@example.com","categories":["Business",""]}""")), HttpStatusCode.BadRequest);

        Assert.Contains("categories", Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ben@example.com")]
    [InlineData("dev@example.com")]
    [InlineData("nobody@example.com")]
    public async Task RequestFeedbackOrFinal_ByNeitherItemNorProjectOwner_Is403(string by)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        var events = await AuditEventCountAsync(app);

        var feedback = await AssertProblemAsync(await client.PostAsync(Feedback, ApiJson.Body(new { by })), HttpStatusCode.Forbidden);
        var final = await AssertProblemAsync(await client.PostAsync(Final, ApiJson.Body(new { by })), HttpStatusCode.Forbidden);

        Assert.Contains("ana@example.com", Detail(feedback), StringComparison.Ordinal);
        Assert.Contains("owner", Detail(final), StringComparison.Ordinal);
        Assert.Equal(events, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task RequestFeedback_ByTheItemOwnerWhoIsAMember_Is200_AndByTheProjectOwnerToo()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app, owner: "dev@example.com");

        var byItemOwner = await AssertOkAsync(await client.PostAsync(Feedback, ApiJson.Body(new { by = "DEV@example.com", categories = new[] { "Business" } })));
        var byProjectOwner = await AssertOkAsync(await client.PostAsync(Final, ApiJson.Body(new { by = "ana@example.com" })));

        Assert.Equal("feedback-requested", (string?)byItemOwner["signOff"]!["state"]);
        Assert.Equal("final-approval-requested", (string?)byProjectOwner["signOff"]!["state"]);
        var actors = (await AuditOfAsync(client, Churn7)).Select(e => (string?)e!["actor"]);
        Assert.Equal(["dev@example.com", "dev@example.com", "ana@example.com"], actors);
    }

    [Fact]
    public async Task RequestFinal_FromNotStarted_Is200()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var item = await AssertOkAsync(await client.PostAsync(Final, ApiJson.Body(new { by = "ana@example.com" })));

        Assert.Equal("final-approval-requested", (string?)item["signOff"]!["state"]);
        var requested = (await AuditOfAsync(client, Churn7)).Last()!;
        Assert.Equal("final-approval-requested", (string?)requested["action"]);
    }

    [Fact]
    public async Task RequestFinal_AfterFeedback_Is200()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        await AssertOkAsync(await client.PostAsync(Feedback, ApiJson.Body(new { by = "ana@example.com" })));

        var item = await AssertOkAsync(await client.PostAsync(Final, ApiJson.Body(new { by = "ana@example.com" })));

        Assert.Equal("final-approval-requested", (string?)item["signOff"]!["state"]);
    }

    [Fact]
    public async Task RequestFinal_AfterFinal_Is200AndChangesNothing()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        var first = await AssertOkAsync(await client.PostAsync(Final, ApiJson.Body(new { by = "ana@example.com" })));
        var events = await AuditEventCountAsync(app);

        var second = await AssertOkAsync(await client.PostAsync(Final, ApiJson.Body(new { by = "ana@example.com" })));

        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(events, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task RequestFeedback_AfterFinal_Is409()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        await AssertOkAsync(await client.PostAsync(Final, ApiJson.Body(new { by = "ana@example.com" })));
        var events = await AuditEventCountAsync(app);

        var problem = await AssertProblemAsync(await client.PostAsync(Feedback, ApiJson.Body(new { by = "ana@example.com" })), HttpStatusCode.Conflict);

        Assert.Contains("final-approval-requested", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(events, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData("request-feedback", """{"by":"ana@example.com" """, "JSON")]
    [InlineData("request-final", """{"by":"ana@example.com" """, "JSON")]
    [InlineData("request-feedback", """{"by":"ana@example.com","categories":"Business"}""", "The body's field 'categories' must be an array of strings of valid text.")]
    [InlineData("request-feedback", """{"by":"ana@example.com","categories":["Business",7]}""", "The body's field 'categories[1]' must be a string of valid text.")]
    [InlineData("request-final", "by=ana@example.com", "JSON")]
    public async Task Request_WithMalformedJson_Is400(string action, string body, string detail)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await client.PostAsync($"{Churn7Url}/{action}", ApiJson.Raw(body)), HttpStatusCode.BadRequest);

        Assert.Contains(detail, Detail(problem), StringComparison.Ordinal);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData("request-feedback", """{}""")]
    [InlineData("request-final", """{"categories":[]}""")]
    [InlineData("request-final", """{"by":"  "}""")]
    public async Task Request_WithoutBy_Is400(string action, string body)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await client.PostAsync($"{Churn7Url}/{action}", ApiJson.Raw(body)), HttpStatusCode.BadRequest);

        Assert.Contains("by", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData("request-feedback")]
    [InlineData("request-final")]
    public async Task Request_OnAnUnknownItem_Is404(string action)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        await AssertProblemAsync(await client.PostAsync($"/api/v1/items/fraud-detection/churn-xgb@99/{action}", ApiJson.Body(new { by = "ana@example.com" })), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("request-feedback")]
    [InlineData("request-final")]
    public async Task Request_WithoutItemsWrite_Is403_AndWithoutKey401(string action)
    {
        await using var app = new HostFixture();
        await WithChurn7Async(app);
        var body = new JsonObject { ["by"] = "ana@example.com" }.ToJsonString();

        var forbidden = await AssertProblemAsync(await app.CreateClient(HostFixture.AuditOnlyKey).PostAsync($"{Churn7Url}/{action}", ApiJson.Raw(body)), HttpStatusCode.Forbidden);
        var anonymous = await app.CreateClient().PostAsync($"{Churn7Url}/{action}", ApiJson.Raw(body));

        Assert.Contains("items:write", Detail(forbidden), StringComparison.Ordinal);
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal(1, await AuditEventCountAsync(app));
    }
}
