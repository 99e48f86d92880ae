using System.Net;
using System.Text.Json.Nodes;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary><c>/api/v1/audit</c>, <c>/audit/export</c> and <c>/audit/verify</c> (SPEC sections 5 and 6).</summary>
public sealed class AuditApiTests
{
    private const string TrickyReason = "load test, \"quick\" one\nsecond line";

    internal static readonly string[] EventFields =
        ["seq", "at", "actor", "platform", "action", "item", "slot", "answer", "comment", "source", "deliveryId", "prevHash", "hash"];

    [Fact]
    public async Task ItemEvents_AreTheItemsOwnInOrderWithEveryField()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        await ApiJson.RegisterAsync(client, "fraud-detection", "churn-xgb", "8", "ana@example.com");
        await AssertOkAsync(await client.PostAsync(Churn7Url + "/request-feedback", ApiJson.Body(new { by = "ana@example.com" })));
        await AssertOkAsync(await DeployCheckAsync(client, Churn7, "prod-api"));

        var events = await AuditOfAsync(app.CreateClient(HostFixture.AuditOnlyKey), Churn7);

        Assert.Equal(["item-registered", "feedback-requested", "deploy-check"], events.Select(e => (string?)e!["action"]));
        Assert.All(events, e => Assert.Equal(Churn7, (string?)e!["item"]));
        Assert.All(events, e => Assert.Equal(EventFields.Order(StringComparer.Ordinal), e!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)));
        Assert.Equal([1L, 3L, 4L], events.Select(e => (long)e!["seq"]!));
    }

    [Fact]
    public async Task ItemEvents_ForAnUnknownItem_Is404_AndWithoutItem400()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        await AssertProblemAsync(await client.GetAsync("/api/v1/audit?item=fraud-detection/churn-xgb@8"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.GetAsync("/api/v1/audit"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await client.GetAsync("/api/v1/audit?item=churn-xgb"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ExportJsonl_IsOneEventObjectPerLine()
    {
        await using var app = new HostFixture();
        var client = await WithTrailAsync(app);

        var response = await client.GetAsync("/api/v1/audit/export?format=jsonl");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = NonEmptyLines(await response.Content.ReadAsStringAsync());
        var count = await AuditEventCountAsync(app);
        Assert.Equal(count, lines.Count);
        var events = lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.All(events, e => Assert.Equal(EventFields.Order(StringComparer.Ordinal), e.Select(p => p.Key).Order(StringComparer.Ordinal)));
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), events.Select(e => (long)e["seq"]!));
        Assert.Contains(events, e => (string?)e["comment"] == TrickyReason);
    }

    [Fact]
    public async Task Export_WithoutFormat_IsJsonl()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var response = await client.GetAsync("/api/v1/audit/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(NonEmptyLines(await response.Content.ReadAsStringAsync()));
        Assert.Equal("item-registered", (string?)JsonNode.Parse(line)!["action"]);
    }

    [Fact]
    public async Task ExportCsv_IsAHeaderAndOneRowPerEvent_QuotingCommasQuotesAndLineBreaks()
    {
        await using var app = new HostFixture();
        var client = await WithTrailAsync(app);

        var response = await client.GetAsync("/api/v1/audit/export?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith(SignOffBot.Host.Api.AuditApi.CsvNotice + "\r\n" + string.Join(',', EventFields), text, StringComparison.Ordinal);
        text = text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        Assert.Contains("\"load test, \"\"quick\"\" one\nsecond line\"", text.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);

        var rows = ParseCsv(text);
        Assert.Equal(EventFields, rows[0]);
        var count = await AuditEventCountAsync(app);
        Assert.Equal(count + 1, rows.Count);
        Assert.All(rows, r => Assert.Equal(EventFields.Length, r.Count));

        var jsonl = NonEmptyLines(await client.GetStringAsync("/api/v1/audit/export?format=jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        for (var i = 0; i < count; i++)
        {
            for (var f = 0; f < EventFields.Length; f++)
            {
                var expected = jsonl[i][EventFields[f]] is { } value ? value.ToString() : string.Empty;
                Assert.Equal(expected, rows[i + 1][f]);
            }
        }

        Assert.Contains(rows, r => r[Array.IndexOf(EventFields, "comment")] == TrickyReason);
    }

    [Fact]
    public async Task ExportCsv_NeutralisesFormulaCells_WhileJsonlKeepsThemExactly()
    {
        const string Formula = "=HYPERLINK(\"http://evil.example.net\",\"docs\")";
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        await AssertOkAsync(await ConfirmAsync(client, Churn7, "staging-api", "dev@example.com", Formula));
        await AssertOkAsync(await ConfirmAsync(client, Churn7, "staging-api", "dev@example.com", "@SUM(1+1)"));

        var csv = await client.GetStringAsync("/api/v1/audit/export?format=csv");
        var rows = ParseCsv(csv[(csv.IndexOf('\n', StringComparison.Ordinal) + 1)..]);
        var comments = rows.Select(r => r[Array.IndexOf(EventFields, "comment")]).ToList();

        Assert.Contains("'" + Formula, comments);
        Assert.Contains("'@SUM(1+1)", comments);
        Assert.DoesNotContain(comments, c => c.StartsWith('=') || c.StartsWith('@'));
        var jsonl = await client.GetStringAsync("/api/v1/audit/export?format=jsonl");
        Assert.Contains(NonEmptyLines(jsonl), l => (string?)JsonNode.Parse(l)!["comment"] == Formula);
        Assert.Equal(true, (bool?)JsonNode.Parse(await client.GetStringAsync("/api/v1/audit/verify"))!["ok"]);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("json")]
    public async Task Export_AnotherFormat_Is400(string format)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await client.GetAsync($"/api/v1/audit/export?format={format}"), HttpStatusCode.BadRequest);

        Assert.Contains("jsonl", Detail(problem), StringComparison.Ordinal);
        Assert.Contains("csv", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OnAnEmptyTrail_IsOkWithNoEvents()
    {
        await using var app = new HostFixture();

        var body = await AssertOkAsync(await app.CreateClient(HostFixture.AuditOnlyKey).GetAsync("/api/v1/audit/verify"));

        Assert.Equal("""{"ok":true,"events":0}""", body.ToJsonString());
    }

    [Fact]
    public async Task Verify_AfterActions_IsOkCountingEveryEvent()
    {
        await using var app = new HostFixture();
        await WithTrailAsync(app);

        var body = await AssertOkAsync(await app.CreateClient(HostFixture.AuditOnlyKey).GetAsync("/api/v1/audit/verify"));

        // register ×2, request-feedback, deploy-check ×3, confirm ×2, request-final.
        Assert.Equal("""{"ok":true,"events":9}""", body.ToJsonString());
    }

    [Theory]
    [InlineData("/api/v1/audit?item=fraud-detection/churn-xgb@7")]
    [InlineData("/api/v1/audit/export?format=jsonl")]
    [InlineData("/api/v1/audit/export?format=csv")]
    [InlineData("/api/v1/audit/verify")]
    public async Task Audit_WithAKeyLackingAuditRead_Is403_AndWithoutKey401(string url)
    {
        await using var app = new HostFixture();
        await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await app.CreateClient(HostFixture.ItemsOnlyKey).GetAsync(url), HttpStatusCode.Forbidden);
        var anonymous = await app.CreateClient().GetAsync(url);

        Assert.Contains("audit:read", Detail(problem), StringComparison.Ordinal);
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    /// <summary>A trail of 9 events with a comment holding a comma, quotes and a line break, and one with non-ASCII text.</summary>
    internal static async Task<HttpClient> WithTrailAsync(HostFixture app)
    {
        var client = await WithChurn7Async(app);
        await ApiJson.RegisterAsync(client, "recommendations", "ranker", "2", "lee@example.com", "low");
        app.Time.Advance(TimeSpan.FromSeconds(1.25));
        await AssertOkAsync(await client.PostAsync(Churn7Url + "/request-feedback", ApiJson.Body(new { by = "ana@example.com" })));
        await AssertOkAsync(await DeployCheckAsync(client, Churn7, "prod-api"));
        await AssertOkAsync(await DeployCheckAsync(client, Churn7, "staging-api"));
        app.Time.Advance(TimeSpan.FromMinutes(3));
        await AssertOkAsync(await ConfirmAsync(client, Churn7, "staging-api", "dev@example.com", TrickyReason));
        await AssertOkAsync(await ConfirmAsync(client, "recommendations/ranker@2", "staging-api", "dev@example.com", "Validé par l'équipe <QA> & ops — ok ✓ \\ tab\there 😀"));
        await AssertOkAsync(await DeployCheckAsync(client, Churn7, "staging-api"));
        await AssertOkAsync(await client.PostAsync(Churn7Url + "/request-final", ApiJson.Body(new { by = "ana@example.com" })));
        return client;
    }
}
