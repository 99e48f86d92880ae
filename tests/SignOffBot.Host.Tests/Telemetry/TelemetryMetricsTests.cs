using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SignOffBot.Core.Items;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Telemetry;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Telemetry;

/// <summary>The meter's counters and gauges through the pipeline API, read with the in-memory exporter.</summary>
public sealed class TelemetryMetricsTests
{
    private const string Item = "fraud-detection/churn-xgb@7";

    [Fact]
    public async Task DeployChecks_AreCountedByPolicyAndDecision_RepeatsOfADeliveryNot()
    {
        await using var app = new HostFixture();
        var telemetry = InMemoryTelemetry.In(app);
        using var api = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(api, "fraud-detection", "churn-xgb", "7", "ana@example.com");

        foreach (var infrastructure in new[] { "prod-api", "prod-batch", "prod-api", "staging-api", "sandbox" })
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/deploy-check?item={Uri.EscapeDataString(Item)}&infrastructure={infrastructure}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/deploy-check?item={Uri.EscapeDataString(Item)}&infrastructure=moon")).StatusCode);

        var points = telemetry.Points(SignOffBotMetrics.DeployChecks);
        long Count(string policy, string decision, string infrastructure) => points
            .Where(p => InMemoryTelemetry.Has(p, ("policy", policy), ("decision", decision), ("infrastructure", infrastructure)))
            .Sum(p => p.GetSumLong());
        Assert.Equal(2, Count("prevent", "blocked", "prod-api"));
        Assert.Equal(1, Count("prevent", "blocked", "prod-batch"));
        Assert.Equal(1, Count("warn", "warning", "staging-api"));
        Assert.Equal(1, Count("always", "allowed", "sandbox"));
        Assert.Equal(5, points.Sum(p => p.GetSumLong()));
    }

    [Fact]
    public async Task OpenAndOverdueSlots_FollowTheCommits_AndTheClock()
    {
        await using var app = new HostFixture();
        var telemetry = InMemoryTelemetry.In(app);
        using var api = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(api, "fraud-detection", "churn-xgb", "7", "ana@example.com", risk: "high");
        await ApiJson.RegisterAsync(api, "fraud-detection", "churn-xgb", "8", "ana@example.com");
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/items/{Item}/request-feedback", ApiJson.Body(new { by = "ana@example.com" }))).StatusCode);

        // Loaded at the first collection from the store: the three requested categories of the high-risk item.
        Assert.Equal(
            [("Business", "high", 1L), ("IT & Operations", "high", 1L), ("Risk & Compliance", "high", 1L)],
            Gauge(telemetry, SignOffBotMetrics.OpenSlots));
        Assert.Empty(Gauge(telemetry, SignOffBotMetrics.OverdueSlots));

        // Kept current from the commits after it: the final approval of the low-risk item asked for.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/v1/items/fraud-detection/churn-xgb@8/request-final", ApiJson.Body(new { by = "ana@example.com" }))).StatusCode);
        Assert.Contains(("final", "low", 1L), Gauge(telemetry, SignOffBotMetrics.OpenSlots));
        Assert.Equal(4, Gauge(telemetry, SignOffBotMetrics.OpenSlots).Sum(g => g.Count));

        // Overdue once the last reminder's escalation is due: three reminders a day apart after a first day, in working hours.
        app.Time.Advance(TimeSpan.FromDays(2));
        Assert.Empty(Gauge(telemetry, SignOffBotMetrics.OverdueSlots));
        app.Time.Advance(TimeSpan.FromDays(8));
        Assert.Equal(
            [("Business", "high", 1L), ("IT & Operations", "high", 1L), ("Risk & Compliance", "high", 1L), ("final", "low", 1L)],
            Gauge(telemetry, SignOffBotMetrics.OverdueSlots));
    }

    [Fact]
    public async Task BypassesGranted_AreCounted_AndTheirOpenReviewsFollowedUntilClosed()
    {
        await using var app = new HostFixture();
        var telemetry = InMemoryTelemetry.In(app);
        using var api = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(api, "fraud-detection", "churn-xgb", "7", "ana@example.com");
        Assert.Equal(0, telemetry.Points(SignOffBotMetrics.OpenIncidentReviews).Single().GetGaugeLastValueLong());
        var deploys = app.Services.GetRequiredService<DeployService>();
        ItemKey.TryParse(Item, out var key);

        var requested = deploys.RequestBypass(key!, "prod-api", "INC-42", 2, new ActionContext("ana@example.com", "test", "test"));
        Assert.True(deploys.DecideBypass(requested.Value!.Id, grant: true, new ActionContext("oncall@example.com", "test", "test")).Outcome.IsApplied);

        var granted = Assert.Single(telemetry.Points(SignOffBotMetrics.BypassesGranted));
        Assert.Equal(("prod-api", 1L), (InMemoryTelemetry.Tag(granted, "infrastructure"), granted.GetSumLong()));
        Assert.Equal(1, telemetry.Points(SignOffBotMetrics.OpenIncidentReviews).Single().GetGaugeLastValueLong());

        Assert.True(deploys.CloseIncidentReview(key!, "prod-api", "https://wiki.example.com/pir/42", new ActionContext("ana@example.com", "test", "test")).Outcome.IsApplied);
        Assert.Equal(0, telemetry.Points(SignOffBotMetrics.OpenIncidentReviews).Single().GetGaugeLastValueLong());
    }

    private static List<(string Category, string Risk, long Count)> Gauge(InMemoryTelemetry telemetry, string name) =>
        [.. telemetry.Points(name)
            .Select(p => (InMemoryTelemetry.Tag(p, "category")!, InMemoryTelemetry.Tag(p, "risk")!, p.GetGaugeLastValueLong()))
            .Where(g => g.Item3 > 0)
            .OrderBy(g => g.Item1, StringComparer.Ordinal)];
}
