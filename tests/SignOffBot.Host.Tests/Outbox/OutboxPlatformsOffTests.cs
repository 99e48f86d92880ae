using SignOffBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignOffBot.Host.Outbox;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Outbox;

/// <summary>A platform that is not configured is neither tried nor counted: attempts are the attempts of the platforms that are on.</summary>
public sealed class OutboxPlatformsOffTests
{
    [Fact]
    public async Task WithTeamsAndSlackOff_OnlyThePlaygroundIsTried_AsTheFirstAttempt()
    {
        var logs = new TestLogs();
        await using var app = new HostFixture();
        app.Settings["Playground:Enabled"] = "true";
        app.ExtraServices.Add(services => services.AddLogging(logging => logging.AddProvider(logs)));
        using var api = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(api, "fraud-detection", "churn-xgb", "7", "ana@example.com");
        var requested = await api.PostAsync("/api/v1/items/fraud-detection/churn-xgb@7/request-feedback", ApiJson.Body(new { by = "ana@example.com" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, requested.StatusCode);

        await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);

        var attempts = logs.Lines.Where(l => l.Contains(" 3002: ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(attempts);
        Assert.All(attempts, l => Assert.EndsWith("to playground: attempt 1 ", l, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("to teams", StringComparison.Ordinal) || l.Contains("to slack", StringComparison.Ordinal));
        Assert.Equal(0, (int?)(await ApiJson.ReadAsync(await api.GetAsync("/healthz")))["outbox"]!["waiting"]);
    }
}
