using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Api;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Host.Tests.Playground;
using SignOffBot.Testing;
using static SignOffBot.Host.Tests.Api.ApiTestKit;

namespace SignOffBot.Host.Tests.Api;

/// <summary>
/// Issue 18: <c>GET /api/v1/deploy-check?…&amp;wait=&lt;seconds&gt;</c> holds the check until the answer is allowed or
/// changes, or the time is up; only the answer given is recorded; a client that goes away, or a host that stops,
/// records nothing; each key holds a bounded number of waits.
/// </summary>
public sealed class DeployCheckWaitApiTests
{
    private const string Item = PlaygroundFixture.Item;
    private const string OtherKey = "test-key-other-pipeline";

    [Theory]
    [InlineData("final.approve", "allowed", "approved")]
    [InlineData("final.reject", "blocked", "rejected")]
    public async Task Wait_IsAnsweredWithinASecondOfTheFinalDecisionInChat_AndRecordsOnlyThatAnswer(string verb, string decision, string state)
    {
        // Looks without a wake-up are minutes apart here: only the decision's commit can end the wait in time. A
        // rejection leaves the check blocked, but locked: the wait ends for it too.
        await using var host = new PlaygroundFixture(app => app.ExtraServices.Add(s => s.AddSingleton(new HeldCheckPace(TimeSpan.FromMinutes(5)))));
        await host.RequestFeedbackAsync();
        await PressAsync(host, "ops@example.com", "feedback.approve", "IT & Operations");
        await PressAsync(host, "ben@example.com", "feedback.approve", "Risk & Compliance");
        Assert.Equal(HttpStatusCode.OK, (await host.CommandAsync("ana@example.com", $"request-final {Item}")).StatusCode);

        var held = WaitAsync(host.Api, Item, "prod-api", 600);
        await UntilHeldAsync(host.App, 1);
        await PressAsync(host, "chen@example.com", verb, "final");
        var sinceDecision = Stopwatch.StartNew();
        var answer = await AssertOkAsync(await held.WaitAsync(TimeSpan.FromSeconds(10)));
        sinceDecision.Stop();

        Assert.True(sinceDecision.Elapsed < TimeSpan.FromSeconds(1), $"answered {sinceDecision.ElapsedMilliseconds} ms after the decision");
        Assert.Equal((decision, state), ((string?)answer["decision"], (string?)answer["state"]));
        Assert.Equal((0, false), ((int?)answer["waited"], (bool?)answer["timedOut"]));
        var check = Assert.Single(await AuditOfAsync(host.Api, Item), e => (string?)e!["action"] == "deploy-check");
        Assert.Equal(("prod-api", decision), ((string?)check!["slot"], (string?)check["answer"]));
        Assert.Equal(0, Held(host.App));
    }

    [Fact]
    public async Task Wait_WithoutAChange_IsAnsweredAtItsTimeOnTheHostsClock_WithTheSameDecision()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var held = WaitAsync(client, Churn7, "prod-api", 30);
        await UntilHeldAsync(app, 1);
        app.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.NotSame(held, await Task.WhenAny(held, Task.Delay(TimeSpan.FromMilliseconds(300))));
        app.Time.Advance(TimeSpan.FromSeconds(1));
        var answer = await AssertOkAsync(await held.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(("blocked", "not-started"), ((string?)answer["decision"], (string?)answer["state"]));
        Assert.Equal((30, true), ((int?)answer["waited"], (bool?)answer["timedOut"]));
        var check = Assert.Single(await AuditOfAsync(client, Churn7), e => (string?)e!["action"] == "deploy-check");
        Assert.Equal("blocked", (string?)check!["answer"]);

        // A check without wait says nothing of waiting.
        var plain = (await AssertOkAsync(await DeployCheckAsync(client, Churn7, "prod-api"))).AsObject();
        Assert.False(plain.ContainsKey("waited") || plain.ContainsKey("timedOut"), plain.ToJsonString());
    }

    [Fact]
    public async Task Wait_OnTheSystemClock_EndsAfterItsSeconds()
    {
        await using var app = new HostFixture { UseSystemClock = true };
        var client = await WithChurn7Async(app);

        var clock = Stopwatch.StartNew();
        var answer = await AssertOkAsync(await WaitAsync(client, Churn7, "staging-api", 1));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(5));
        Assert.Equal(("warning", 1, true), ((string?)answer["decision"], (int?)answer["waited"], (bool?)answer["timedOut"]));
    }

    [Fact]
    public async Task Wait_OnAnAnswerAlreadyAllowed_IsAnsweredAtOnce()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var answer = await AssertOkAsync(await WaitAsync(client, Churn7, "sandbox", 900).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(("allowed", 0, false), ((string?)answer["decision"], (int?)answer["waited"], (bool?)answer["timedOut"]));
    }

    [Fact]
    public async Task Wait_EndsWhenTheWarningItWaitsOnIsConfirmed()
    {
        await using var app = new HostFixture();
        app.ExtraServices.Add(s => s.AddSingleton(new HeldCheckPace(TimeSpan.FromMinutes(5))));
        var client = await WithChurn7Async(app);

        var held = WaitAsync(client, Churn7, "staging-api", 600);
        await UntilHeldAsync(app, 1);
        await AssertOkAsync(await ConfirmAsync(client, Churn7, "staging-api", "ana@example.com", "load test"));
        var answer = await AssertOkAsync(await held.WaitAsync(TimeSpan.FromSeconds(1)));

        Assert.Equal(("warning", false), ((string?)answer["decision"], (bool?)answer["timedOut"]));
        Assert.Equal("ana@example.com", (string?)answer["confirmation"]?["by"]);
    }

    [Fact]
    public async Task Wait_SeesAChangeCommittedByAnotherHostOnTheSamePostgreSqlDatabase_WithinAboutASecond()
    {
        using var database = TestPostgres.CreateDatabase();
        await using var first = OnPostgres(database);
        await using var second = OnPostgres(database);
        var client = await WithChurn7Async(first);
        using var otherHost = second.CreateClient(HostFixture.AllScopesKey);

        var held = WaitAsync(client, Churn7, "staging-api", 600);
        await UntilHeldAsync(first, 1);
        await AssertOkAsync(await ConfirmAsync(otherHost, Churn7, "staging-api", "ana@example.com", "load test"));
        var sinceConfirmation = Stopwatch.StartNew();
        var answer = await AssertOkAsync(await held.WaitAsync(TimeSpan.FromSeconds(10)));
        sinceConfirmation.Stop();

        Assert.True(sinceConfirmation.Elapsed < TimeSpan.FromSeconds(1.5), $"answered {sinceConfirmation.ElapsedMilliseconds} ms after the other host's commit");
        Assert.Equal(("warning", false), ((string?)answer["decision"], (bool?)answer["timedOut"]));
        Assert.Equal("ana@example.com", (string?)answer["confirmation"]?["by"]);
    }

    [Fact]
    public async Task Wait_WhoseClientGoesAway_RecordsNothing_LogsNoError_AndFreesItsPlace()
    {
        await using var app = new HostFixture();
        app.Settings["Api:MaxWaitsPerKey"] = "1";
        var logs = new TestLogs();
        app.ExtraServices.Add(s => s.AddSingleton<ILoggerProvider>(logs));
        var client = await WithChurn7Async(app);
        var before = await AuditEventCountAsync(app);

        using (var leaving = new CancellationTokenSource())
        {
            var held = client.GetAsync(WaitUrl(Churn7, "prod-api", 600), leaving.Token);
            await UntilHeldAsync(app, 1);
            await leaving.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);
        }

        await UntilHeldAsync(app, 0);
        var again = WaitAsync(client, Churn7, "prod-api", 5);
        await UntilHeldAsync(app, 1);
        app.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(true, (bool?)(await AssertOkAsync(await again))["timedOut"]);

        Assert.Equal(before + 1, await AuditEventCountAsync(app));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Wait_BeyondTheKeysBound_Is429WithRetryAfter_RecordingNothing_WhileAnotherKeyStillWaits()
    {
        await using var app = new HostFixture();
        app.Settings["Api:MaxWaitsPerKey"] = "2";
        AddKey(app, 3, "other-pipeline", OtherKey, ["deploy:check"]);
        var client = await WithChurn7Async(app);
        using var other = app.CreateClient(OtherKey);
        var before = await AuditEventCountAsync(app);
        var held = new List<Task<HttpResponseMessage>> { WaitAsync(client, Churn7, "prod-api", 60), WaitAsync(client, Churn7, "staging-api", 60) };
        await UntilHeldAsync(app, 2);

        var refused = await WaitAsync(client, Churn7, "prod-api", 60);
        held.Add(WaitAsync(other, Churn7, "prod-api", 60));
        await UntilHeldAsync(app, 3);

        var problem = await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("Api:MaxWaitsPerKey", Detail(problem), StringComparison.Ordinal);
        Assert.Contains("'ci-all'", Detail(problem), StringComparison.Ordinal);
        Assert.Equal("5", Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.Equal(before, await AuditEventCountAsync(app));
        app.Time.Advance(TimeSpan.FromSeconds(60));
        foreach (var answered in await Task.WhenAll(held))
        {
            Assert.Equal(true, (bool?)(await AssertOkAsync(answered))["timedOut"]);
        }

        Assert.Equal(before + 3, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Wait_BeyondTheHostsBound_Is429ForEveryKey()
    {
        await using var app = new HostFixture();
        app.Settings["Api:MaxWaits"] = "1";
        AddKey(app, 3, "other-pipeline", OtherKey, ["deploy:check"]);
        var client = await WithChurn7Async(app);
        using var other = app.CreateClient(OtherKey);
        var held = WaitAsync(client, Churn7, "prod-api", 10);
        await UntilHeldAsync(app, 1);

        var problem = await AssertProblemAsync(await WaitAsync(other, Churn7, "prod-api", 10), HttpStatusCode.TooManyRequests);

        Assert.Contains("Api:MaxWaits ", Detail(problem), StringComparison.Ordinal);
        app.Time.Advance(TimeSpan.FromSeconds(10));
        await AssertOkAsync(await held);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("901")]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData("10&wait=20")]
    [InlineData("99999999999999999999")]
    public async Task Wait_NotWholeSecondsFrom1To900_Is400_RecordingNothing(string wait)
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        var response = await client.GetAsync($"/api/v1/deploy-check?item={Uri.EscapeDataString(Churn7)}&infrastructure=prod-api&wait={wait}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("1 to 900", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(1, await AuditEventCountAsync(app));
        Assert.Equal(0, Held(app));
    }

    [Fact]
    public async Task Wait_OnAnUnknownInfrastructure_Is404AtOnce_RecordingNothing()
    {
        await using var app = new HostFixture();
        var client = await WithChurn7Async(app);

        await AssertProblemAsync(await WaitAsync(client, Churn7, "moon-base", 600).WaitAsync(TimeSpan.FromSeconds(10)), HttpStatusCode.NotFound);

        Assert.Equal(1, await AuditEventCountAsync(app));
    }

    [Fact]
    public async Task Wait_WhileTheHostStops_Is503WithRetryAfter_RecordingNothing()
    {
        var app = new HostFixture();
        string path;
        await using (app)
        {
            var client = await WithChurn7Async(app);
            var held = WaitAsync(client, Churn7, "prod-api", 600);
            await UntilHeldAsync(app, 1);

            app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            var response = await held.WaitAsync(TimeSpan.FromSeconds(30));

            await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("5", Assert.Single(response.Headers.GetValues("Retry-After")));
            path = app.DatabasePath;
        }

        await using var reopened = new HostFixture(path);
        Assert.Equal(1, await AuditEventCountAsync(reopened));
    }

    private static string WaitUrl(string item, string infrastructure, int seconds) =>
        $"/api/v1/deploy-check?item={Uri.EscapeDataString(item)}&infrastructure={infrastructure}&wait={seconds.ToString(CultureInfo.InvariantCulture)}";

    private static Task<HttpResponseMessage> WaitAsync(HttpClient client, string item, string infrastructure, int seconds) =>
        client.GetAsync(WaitUrl(item, infrastructure, seconds));

    private static int Held(HostFixture app) => app.Services.GetRequiredService<HeldDeployChecks>().Held;

    /// <summary>Until the host holds <paramref name="count"/> checks (15 s at most, for a machine busy with other tests).</summary>
    private static async Task UntilHeldAsync(HostFixture app, int count)
    {
        var deadline = Environment.TickCount64 + 15_000;
        while (Held(app) != count && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(count, Held(app));
    }

    private static HostFixture OnPostgres(TestDatabase database)
    {
        var app = new HostFixture();
        app.Settings["Storage:Provider"] = "Postgres";
        app.Settings["Storage:Postgres:ConnectionString"] = database.ConnectionString;
        return app;
    }

    private static async Task PressAsync(PlaygroundFixture host, string person, string verb, string slot)
    {
        var answer = await ApiJson.ReadAsync(await host.PressAsync(person, verb, PlaygroundFixture.ApproveData(slot, "Fine by me")));
        Assert.Equal("card", (string?)answer["reply"]);
    }
}
