using System.Net;
using SignOffBot.Host.Tests.Infrastructure;

namespace SignOffBot.Host.Tests.Telemetry;

/// <summary><c>/metrics</c>: absent unless switched on, then the meter in Prometheus text; limited to its port when one is set.</summary>
public sealed class PrometheusEndpointTests
{
    private const string Item = "fraud-detection/churn-xgb@7";

    [Fact]
    public async Task Metrics_ByDefault_IsNotFound()
    {
        await using var app = new HostFixture();
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Metrics_WhenEnabled_ServesTheMeterAsPrometheusText()
    {
        await using var app = new HostFixture();
        app.StartSettings["Telemetry:Prometheus:Enabled"] = "true";
        using var api = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(api, "fraud-detection", "churn-xgb", "7", "ana@example.com");
        await api.GetAsync($"/api/v1/deploy-check?item={Uri.EscapeDataString(Item)}&infrastructure=prod-api");
        await api.GetAsync($"/api/v1/deploy-check?item={Uri.EscapeDataString(Item)}&infrastructure=sandbox");
        await api.GetAsync($"/api/v1/deploy-check?item={Uri.EscapeDataString(Item)}&infrastructure=sandbox");

        using var scraper = app.CreateClient();
        var response = await scraper.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE signoffbot_deploy_check_decisions_total counter", text, StringComparison.Ordinal);
        Assert.Equal(1, Sample(text, "signoffbot_deploy_check_decisions_total", "decision=\"blocked\"", "infrastructure=\"prod-api\"", "policy=\"prevent\""));
        Assert.Equal(2, Sample(text, "signoffbot_deploy_check_decisions_total", "decision=\"allowed\"", "infrastructure=\"sandbox\"", "policy=\"always\""));
        Assert.Equal(0, Sample(text, "signoffbot_slots_open", "category=\"Business\"", "risk=\"low\""));
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_LimitedToAPort_IsNotServedOnAnother()
    {
        await using var app = new HostFixture();
        app.StartSettings["Telemetry:Prometheus:Enabled"] = "true";
        app.StartSettings["Telemetry:Prometheus:Port"] = "9464";
        using var client = app.CreateClient();

        // The test server's requests arrive on no port of the host's: the public side, as it were.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }

    /// <summary>The value of the one sample of <paramref name="metric"/> carrying every label given.</summary>
    private static double Sample(string text, string metric, params string[] labels)
    {
        var lines = text.Split('\n').Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal))).ToList();
        var line = Assert.Single(lines);
        return double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
