using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary><c>POST /api/v1/items</c> (SPEC section 5).</summary>
public sealed class RegisterItemApiTests
{
    [Fact]
    public async Task Register_TheSpecExample_Is201WithTheItemDocumentAndALocation()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var response = await client.PostAsync("/api/v1/items", ApiJson.Body(SpecExampleItem()));

        var item = await AssertOkAsync(response, HttpStatusCode.Created);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Equal(Churn7Url, response.Headers.Location?.OriginalString);

        Assert.Equal(Churn7, (string?)item["key"]);
        Assert.Equal("fraud-detection", (string?)item["project"]);
        Assert.Equal("churn-xgb", (string?)item["name"]);
        Assert.Equal("7", (string?)item["version"]);
        Assert.Equal("model", (string?)item["kind"]);
        Assert.Equal("high", (string?)item["risk"]);
        Assert.Equal("ana@example.com", (string?)item["owner"]);

        var evidence = item["evidence"]!.AsObject();
        Assert.Equal("https://wiki.example.com/models/churn-xgb/7/card", (string?)evidence["modelCard"]);
        Assert.Equal("https://wiki.example.com/models/churn-xgb/7/validation", (string?)evidence["validationReport"]);
        Assert.Equal("https://wiki.example.com/models/churn-xgb/7/rollback", (string?)evidence["rollbackPlan"]);
        Assert.Equal("CHG-1042", (string?)evidence["ticket"]);

        var signOff = item["signOff"]!.AsObject();
        Assert.Equal("not-started", (string?)signOff["state"]);

        var feedback = signOff["feedback"]!.AsArray();
        Assert.Equal(["IT & Operations", "Risk & Compliance", "Business"], feedback.Select(f => (string?)f!["category"]));
        Assert.Equal(["ops@example.com"], Strings(feedback[0]!["assignees"]));
        Assert.Equal(["group:model-risk"], Strings(feedback[1]!["assignees"]));
        Assert.Equal(["biz@example.com"], Strings(feedback[2]!["assignees"]));
        Assert.All(feedback, f => Assert.Empty(f!["answers"]!.AsArray()));

        var final = signOff["final"]!.AsObject();
        Assert.Equal(["group:model-risk"], Strings(final["assignees"]));
        Assert.True(final.ContainsKey("decision"), "final carries a decision field");
        Assert.Null(final["decision"]);

        Assert.Empty(signOff["delegations"]!.AsArray());
    }

    [Fact]
    public async Task Register_TheLocation_LeadsToTheSameItem()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var created = await client.PostAsync("/api/v1/items", ApiJson.Body(SpecExampleItem()));
        var createdBody = await AssertOkAsync(created, HttpStatusCode.Created);

        var fetched = await AssertOkAsync(await client.GetAsync(created.Headers.Location));
        Assert.Equal(createdBody.ToJsonString(), fetched.ToJsonString());
    }

    [Fact]
    public async Task Register_WithOnlyTheRequiredFields_DefaultsKindAndRiskAndLeavesEvidenceEmpty()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var response = await client.PostAsync("/api/v1/items", ApiJson.Raw("""{"project":"recommendations","name":"ranker","version":"1.2.0","owner":"Lee@Example.com"}"""));

        var item = await AssertOkAsync(response, HttpStatusCode.Created);
        Assert.Equal("recommendations/ranker@1.2.0", (string?)item["key"]);
        Assert.Equal("model", (string?)item["kind"]);
        Assert.Contains((string?)item["risk"], new[] { "low", "medium", "high" });
        Assert.Equal("lee@example.com", (string?)item["owner"]);
        var evidence = item["evidence"]!.AsObject();
        foreach (var field in new[] { "modelCard", "validationReport", "rollbackPlan", "ticket" })
        {
            Assert.True(evidence.ContainsKey(field), $"evidence carries {field}");
            Assert.Null(evidence[field]);
        }

        Assert.Equal(2, item["signOff"]!["feedback"]!.AsArray().Count);
        Assert.Equal(["ana@example.com"], Strings(item["signOff"]!["final"]!["assignees"]));
    }

    [Fact]
    public async Task Register_ABundleByAProjectMember_Is201()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.ItemsOnlyKey);

        var response = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "credit-scoring", name = "scorecard", version = "3", kind = "bundle", risk = "low", owner = "dev@example.com", evidence = new { ticket = "CHG-7" } }));

        var item = await AssertOkAsync(response, HttpStatusCode.Created);
        Assert.Equal("bundle", (string?)item["kind"]);
        Assert.Equal("low", (string?)item["risk"]);
        Assert.Equal("dev@example.com", (string?)item["owner"]);
    }

    [Fact]
    public async Task Register_AnExistingVersion_Is409AndChangesNothing()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);
        await AssertOkAsync(await client.PostAsync("/api/v1/items", ApiJson.Body(SpecExampleItem())), HttpStatusCode.Created);
        var events = await AuditEventCountAsync(app);

        var again = await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "fraud-detection", name = "churn-xgb", version = "7", kind = "bundle", risk = "low", owner = "dev@example.com" }));

        var problem = await AssertProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Contains("fraud-detection/churn-xgb@7", Detail(problem), StringComparison.Ordinal);
        Assert.Contains("already registered", Detail(problem), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(events, await AuditEventCountAsync(app));
        var stored = await AssertOkAsync(await client.GetAsync(Churn7Url));
        Assert.Equal("ana@example.com", (string?)stored["owner"]);
        Assert.Equal("high", (string?)stored["risk"]);
    }

    [Theory]
    [InlineData("""{"project":"fraud-detection","name":"churn-xgb","version":"7","owner":"ana@example.com" """)]
    [InlineData("""{"project":"fraud-detection","name":"churn-xgb","version":"7","owner":"ana@example.com",}""")]
    [InlineData("""{"project":"fraud-detection" "name":"churn-xgb","version":"7","owner":"ana@example.com"}""")]
    [InlineData("project=fraud-detection&name=churn-xgb&version=7&owner=ana@example.com")]
    public async Task Register_MalformedJson_Is400WithAProblemAndStoresNothing(string body)
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var response = await client.PostAsync("/api/v1/items", ApiJson.Raw(body));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON", Detail(problem), StringComparison.Ordinal);
        await AssertProblemAsync(await client.GetAsync(Churn7Url), HttpStatusCode.NotFound);
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData("""{"project":"fraud-detection","name":"churn-xgb","version":7,"owner":"ana@example.com"}""", "The body's field 'version' must be a string of valid text.")]
    [InlineData("""{"project":"fraud-detection","name":"churn-xgb","version":"7","owner":"ana@example.com","evidence":{"modelCard":true}}""", "The body's field 'evidence.modelCard' must be a string of valid text.")]
    [InlineData("""{"project":"fraud-detection","name":"churn-xgb","version":"7","owner":"ana@example.com","evidence":"https://wiki"}""", "The body's field 'evidence' must be an object.")]
    [InlineData("""{"project":"fraud-detection","name":"churn-xgb","version":"7","owner":"ana@\ud800example.com"}""", "The body's field 'owner' must be a string of valid text.")]
    public async Task Register_AFieldOfTheWrongType_Is400NamingTheFieldAndWhatItMustBe(string body, string detail)
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var problem = await AssertProblemAsync(await client.PostAsync("/api/v1/items", ApiJson.Raw(body)), HttpStatusCode.BadRequest);

        Assert.Equal(detail, Detail(problem));
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task Register_AnEmptyOrNullBody_Is400(string body)
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        await AssertProblemAsync(await client.PostAsync("/api/v1/items", ApiJson.Raw(body)), HttpStatusCode.BadRequest);
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData("""{"name":"churn-xgb","version":"7","owner":"ana@example.com"}""", "project")]
    [InlineData("""{"project":"fraud-detection","version":"7","owner":"ana@example.com"}""", "name")]
    [InlineData("""{"project":"fraud-detection","name":"churn-xgb","owner":"ana@example.com"}""", "version")]
    [InlineData("""{"project":"fraud-detection","name":"churn-xgb","version":"7"}""", "owner")]
    [InlineData("""{"project":"fraud-detection","name":"churn-xgb","version":" ","owner":"ana@example.com"}""", "version")]
    [InlineData("""{}""", "project")]
    public async Task Register_AMissingField_Is400NamingTheFields(string body, string field)
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var problem = await AssertProblemAsync(await client.PostAsync("/api/v1/items", ApiJson.Raw(body)), HttpStatusCode.BadRequest);

        Assert.Contains(field, Detail(problem), StringComparison.Ordinal);
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData("risk", "extreme", "risk")]
    [InlineData("kind", "dataset", "kind")]
    public async Task Register_AnUnknownRiskOrKind_Is400SayingTheAllowedWords(string field, string value, string named)
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);
        var body = new JsonObject
        {
            ["project"] = "fraud-detection",
            ["name"] = "churn-xgb",
            ["version"] = "7",
            ["owner"] = "ana@example.com",
            [field] = value,
        };

        var problem = await AssertProblemAsync(await client.PostAsync("/api/v1/items", ApiJson.Raw(body.ToJsonString())), HttpStatusCode.BadRequest);

        Assert.Contains(named, Detail(problem), StringComparison.Ordinal);
        Assert.Contains(value, Detail(problem), StringComparison.Ordinal);
        await AssertProblemAsync(await client.GetAsync(Churn7Url), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("modelCard", "ftp://files.example.com/card.pdf")]
    [InlineData("validationReport", "see the wiki")]
    [InlineData("rollbackPlan", "/relative/rollback.md")]
    [InlineData("modelCard", "javascript:alert(1)")]
    public async Task Register_ANonHttpEvidenceLink_Is400(string field, string link)
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);
        var body = new JsonObject
        {
            ["project"] = "fraud-detection",
            ["name"] = "churn-xgb",
            ["version"] = "7",
            ["owner"] = "ana@example.com",
            ["evidence"] = new JsonObject { [field] = link },
        };

        var problem = await AssertProblemAsync(await client.PostAsync("/api/v1/items", ApiJson.Raw(body.ToJsonString())), HttpStatusCode.BadRequest);

        Assert.Contains("http", Detail(problem), StringComparison.Ordinal);
        Assert.Contains(link, Detail(problem), StringComparison.Ordinal);
        await AssertProblemAsync(await client.GetAsync(Churn7Url), HttpStatusCode.NotFound);
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData("churn xgb/../x")]
    [InlineData(".x")]
    [InlineData("-x")]
    public async Task Register_AnInvalidItemKey_Is400SayingTheRule(string name)
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var problem = await AssertProblemAsync(
            await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "fraud-detection", name, version = "7", owner = "ana@example.com" })),
            HttpStatusCode.BadRequest);

        Assert.Equal(
            $"'fraud-detection/{name}@7' is not a valid item key: each of project, name and version starts with a letter or digit, followed by letters, digits, '.', '_' or '-' ('+' too in a version).",
            Detail(problem));
    }

    [Fact]
    public async Task Register_InAnUnknownProject_Is404()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var problem = await AssertProblemAsync(
            await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "weather", name = "nowcast", version = "1", owner = "ana@example.com" })),
            HttpStatusCode.NotFound);

        Assert.Contains("weather", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Register_ForAnOwnerOutsideTheProject_Is403()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        // ops@ reviews fraud-detection but is neither owner nor member of it.
        var problem = await AssertProblemAsync(
            await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "fraud-detection", name = "churn-xgb", version = "7", owner = "ops@example.com" })),
            HttpStatusCode.Forbidden);

        Assert.Contains("ops@example.com", Detail(problem), StringComparison.Ordinal);
        Assert.Contains("fraud-detection", Detail(problem), StringComparison.Ordinal);
        await AssertProblemAsync(await client.GetAsync(Churn7Url), HttpStatusCode.NotFound);
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Register_ForAnOwnerWhoIsNotInTheDirectory_IsRefusedNamingThePerson()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);

        var problem = await AssertProblemAsync(
            await client.PostAsync("/api/v1/items", ApiJson.Body(new { project = "fraud-detection", name = "churn-xgb", version = "7", owner = "mallory@example.com" })),
            HttpStatusCode.NotFound);

        Assert.Contains("mallory@example.com", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Register_WithoutAKey_Is401WithAChallenge()
    {
        await using var app = new HostFixture();

        var response = await app.CreateClient().PostAsync("/api/v1/items", ApiJson.Body(SpecExampleItem()));

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", Detail(problem), StringComparison.Ordinal);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData("Bearer", "not-a-key")]
    [InlineData("Bearer", HostFixture.AllScopesKey + "x")]
    [InlineData("Basic", HostFixture.AllScopesKey)]
    public async Task Register_WithAWrongKey_Is401WithAChallenge(string scheme, string key)
    {
        await using var app = new HostFixture();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(scheme, key);

        var response = await client.PostAsync("/api/v1/items", ApiJson.Body(SpecExampleItem()));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Register_WithAKeyLackingItemsWrite_Is403NamingTheScope()
    {
        await using var app = new HostFixture();

        var response = await app.CreateClient(HostFixture.AuditOnlyKey).PostAsync("/api/v1/items", ApiJson.Body(SpecExampleItem()));

        var problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("items:write", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(0, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Register_IsAudited()
    {
        await using var app = new HostFixture();
        var client = app.CreateClient(HostFixture.AllScopesKey);
        await AssertOkAsync(await client.PostAsync("/api/v1/items", ApiJson.Body(SpecExampleItem())), HttpStatusCode.Created);

        var events = await AuditOfAsync(client, Churn7);

        var registered = Assert.Single(events);
        Assert.Equal("item-registered", (string?)registered!["action"]);
        Assert.Equal(Churn7, (string?)registered["item"]);
        Assert.Equal("ana@example.com", (string?)registered["actor"]);
        Assert.Equal("http", (string?)registered["source"]);
    }

    private static IEnumerable<string?> Strings(JsonNode? array) => array!.AsArray().Select(n => (string?)n);
}
