using System.Net;
using SignOffBot.Host.Tests.Infrastructure;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary><c>POST /api/v1/deploy-check/confirm</c>: an explicit, recorded confirmation of a warning.</summary>
public sealed class DeployConfirmApiTests
{
    [Fact]
    public async Task Confirm_AWarning_Is200WithTheConfirmationAndIsRecordedWithWhoConfirmed()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        app.Time.Advance(TimeSpan.FromMinutes(5));

        var response = await ConfirmAsync(client, Churn7, "staging-api", "Dev@Example.com", "load test before the demo");

        var answer = await AssertOkAsync(response);
        Assert.Equal("warning", (string?)answer["decision"]);
        Assert.Equal("warn", (string?)answer["policy"]);
        Assert.Equal("not-started", (string?)answer["state"]);
        Assert.Equal("dev@example.com", (string?)answer["confirmation"]!["by"]);
        Assert.Equal("2026-11-23T09:05:00.000Z", (string?)answer["confirmation"]!["at"]);
        Assert.Equal("load test before the demo", (string?)answer["confirmation"]!["reason"]);

        var confirmed = Assert.Single(await AuditOfAsync(client, Churn7), e => (string?)e!["action"] == "deploy-warning-confirmed")!;
        Assert.Equal("dev@example.com", (string?)confirmed["actor"]);
        Assert.Equal(Churn7, (string?)confirmed["item"]);
        Assert.Equal("staging-api", (string?)confirmed["slot"]);
        Assert.Equal("load test before the demo", (string?)confirmed["comment"]);
        Assert.Equal("http", (string?)confirmed["source"]);
        Assert.Equal("2026-11-23T09:05:00.000Z", (string?)confirmed["at"]);
    }

    [Fact]
    public async Task Confirm_ThenTheNextCheck_CarriesTheConfirmation()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        var before = await AssertOkAsync(await DeployCheckAsync(client, Churn7, "staging-api"));
        app.Time.Advance(TimeSpan.FromMinutes(5));
        await AssertOkAsync(await ConfirmAsync(client, Churn7, "staging-api", "ana@example.com", "smoke test"));
        app.Time.Advance(TimeSpan.FromMinutes(5));

        var after = await AssertOkAsync(await DeployCheckAsync(client, Churn7, "staging-api"));

        Assert.Null(before["confirmation"]);
        Assert.Equal("warning", (string?)after["decision"]);
        var confirmation = after["confirmation"]!.AsObject();
        Assert.Equal("ana@example.com", (string?)confirmation["by"]);
        Assert.Equal("2026-11-23T09:05:00.000Z", (string?)confirmation["at"]);
        Assert.Equal("smoke test", (string?)confirmation["reason"]);
        Assert.Contains("confirmed", (string?)after["reason"], StringComparison.Ordinal);
        Assert.Contains("smoke test", (string?)after["reason"], StringComparison.Ordinal);

        // A confirmation covers this item on this infrastructure only.
        var sandbox = await AssertOkAsync(await DeployCheckAsync(client, Churn7, "sandbox"));
        Assert.Null(sandbox["confirmation"]);
    }

    [Fact]
    public async Task Confirm_ABlockedDecision_Is409NothingToConfirm()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        var events = await AuditEventCountAsync(app);

        var problem = await AssertProblemAsync(await ConfirmAsync(client, Churn7, "prod-api", "ana@example.com", "hotfix"), HttpStatusCode.Conflict);

        Assert.Contains("blocked", Detail(problem), StringComparison.Ordinal);
        Assert.Contains("no warning to confirm", Detail(problem), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(events, await AuditEventCountAsync(app));
        Assert.Equal("blocked", (string?)(await AssertOkAsync(await DeployCheckAsync(client, Churn7, "prod-api")))["decision"]);
    }

    [Fact]
    public async Task Confirm_AnAllowedDecision_Is409NothingToConfirm()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await ConfirmAsync(client, Churn7, "sandbox", "ana@example.com", "why not"), HttpStatusCode.Conflict);

        Assert.Contains("allowed", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Confirm_WithoutAReason_Is400AndRecordsNothing(string? reason)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await ConfirmAsync(client, Churn7, "staging-api", "ana@example.com", reason), HttpStatusCode.BadRequest);

        Assert.Contains("reason", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(1, await AuditEventCountAsync(app));
        Assert.Null((await AssertOkAsync(await DeployCheckAsync(client, Churn7, "staging-api")))["confirmation"]);
    }

    [Theory]
    [InlineData("""{"infrastructure":"staging-api","by":"ana@example.com","reason":"r"}""")]
    [InlineData("""{"item":"fraud-detection/churn-xgb@7","by":"ana@example.com","reason":"r"}""")]
    [InlineData("""{"item":"fraud-detection/churn-xgb@7","infrastructure":"staging-api","reason":"r"}""")]
    [InlineData("""{"item":"churn-xgb","infrastructure":"staging-api","by":"ana@example.com","reason":"r"}""")]
    [InlineData("""{"item":"fraud-detection/churn-xgb@7","infrastructure":"staging-api",""")]
    public async Task Confirm_AMissingFieldOrMalformedBody_Is400(string body)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        await AssertProblemAsync(await client.PostAsync("/api/v1/deploy-check/confirm", ApiJson.Raw(body)), HttpStatusCode.BadRequest);

        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    // Observed behaviour: a confirmer who is not in the directory is refused as an unknown person (404, like an
    // unknown owner on register), with a detail naming the id; nothing is recorded. Sensible: the audit never
    // holds a confirmation by someone nobody can identify.
    [Fact]
    public async Task Confirm_ByAPersonNotInTheDirectory_Is404NamingThemAndRecordsNothing()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await ConfirmAsync(client, Churn7, "staging-api", "mallory@example.com", "trust me"), HttpStatusCode.NotFound);

        Assert.Contains("mallory@example.com", Detail(problem), StringComparison.Ordinal);
        Assert.Contains("not a person", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(1, await AuditEventCountAsync(app));
        Assert.Null((await AssertOkAsync(await DeployCheckAsync(client, Churn7, "staging-api")))["confirmation"]);
    }

    // Issue 12: a pipeline's deploy:check key cannot confirm in the name of someone outside the project (here the
    // final approver's group and an on-call approver), so the audit never shows a confirmation by an outsider.
    [Theory]
    [InlineData("ben@example.com")]
    [InlineData("oncall@example.com")]
    [InlineData("rita@example.com")]
    public async Task Confirm_WithADeployCheckKey_AsAPersonOutsideTheProject_Is403AndRecordsNothing(string outsider)
    {
        await using var app = new HostFixture();
        await WithChurn7Async(app);
        var events = await AuditEventCountAsync(app);
        var pipeline = app.CreateClient(HostFixture.AllScopesKey);

        var problem = await AssertProblemAsync(await ConfirmAsync(pipeline, Churn7, "staging-api", outsider, "the pipeline says so"), HttpStatusCode.Forbidden);

        Assert.Equal("not-item-owner-or-project-member", (string?)problem["rule"]);
        Assert.Equal(
            $"Only the item owner (ana@example.com) or an owner or member of project fraud-detection can confirm a deployment warning; {outsider} is none of them.",
            Detail(problem));
        Assert.Equal(events, await AuditEventCountAsync(app));
        Assert.Null((await AssertOkAsync(await DeployCheckAsync(pipeline, Churn7, "staging-api")))["confirmation"]);
    }

    [Fact]
    public async Task Confirm_WithA2001CharacterReason_Is400NamingTheLimit_And2000IsAccepted()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);
        var events = await AuditEventCountAsync(app);

        var problem = await AssertProblemAsync(await ConfirmAsync(client, Churn7, "staging-api", "dev@example.com", new string('r', 2001)), HttpStatusCode.BadRequest);
        Assert.Equal("reason-too-long", (string?)problem["rule"]);
        Assert.Equal("A reason is at most 2,000 characters; this one has 2,001. Shorten it, or link to a longer document.", Detail(problem));
        Assert.Equal(events, await AuditEventCountAsync(app));

        var answer = await AssertOkAsync(await ConfirmAsync(client, Churn7, "staging-api", "dev@example.com", new string('r', 2000)));
        Assert.Equal(2000, ((string?)answer["confirmation"]!["reason"])!.Length);
    }

    [Theory]
    [InlineData("fraud-detection/churn-xgb@8", "staging-api")]
    [InlineData(Churn7, "moon-base")]
    public async Task Confirm_AnUnknownItemOrInfrastructure_Is404(string item, string infrastructure)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        await AssertProblemAsync(await ConfirmAsync(client, item, infrastructure, "ana@example.com", "r"), HttpStatusCode.NotFound);

        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Theory]
    [InlineData(HostFixture.ItemsOnlyKey)]
    [InlineData(HostFixture.AuditOnlyKey)]
    public async Task Confirm_WithAKeyLackingDeployCheck_Is403(string key)
    {
        await using var app = new HostFixture();
        await WithChurn7Async(app);

        var problem = await AssertProblemAsync(await ConfirmAsync(app.CreateClient(key), Churn7, "staging-api", "ana@example.com", "r"), HttpStatusCode.Forbidden);

        Assert.Contains("deploy:check", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Confirm_WithoutAKey_Is401()
    {
        await using var app = new HostFixture();
        await WithChurn7Async(app);

        await AssertProblemAsync(await ConfirmAsync(app.CreateClient(), Churn7, "staging-api", "ana@example.com", "r"), HttpStatusCode.Unauthorized);
    }
}
