using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SignOffBot.Host.Telemetry;
using SignOffBot.Host.Tests.Infrastructure;
using SignOffBot.Testing;

namespace SignOffBot.Host.Tests.Telemetry;

/// <summary>With <c>Telemetry:Otlp:Endpoint</c> set, traces and metrics are pushed there (a collector played on loopback).</summary>
public sealed class OtlpExportTests
{
    private const string Item = "fraud-detection/churn-xgb@7";

    [Fact]
    public async Task OtlpEndpoint_OverHttpProtobuf_ReceivesTheActionSpansAndTheMeter()
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType, byte[] Body)>();
        var (collector, baseUrl) = await LoopbackServer.StartAsync(app => app.MapPost("/otlp/v1/{signal}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            received.Enqueue((http.Request.Path.Value!, http.Request.ContentType, body.ToArray()));
            return Results.Ok();
        }));
        await using var _ = collector;
        await using var app = new HostFixture();
        app.StartSettings["Telemetry:Otlp:Endpoint"] = baseUrl + "/otlp";
        app.StartSettings["Telemetry:Otlp:Protocol"] = "http/protobuf";
        using var api = app.CreateClient(HostFixture.AllScopesKey);
        await ApiJson.RegisterAsync(api, "fraud-detection", "churn-xgb", "7", "ana@example.com");
        await api.GetAsync($"/api/v1/deploy-check?item={Uri.EscapeDataString(Item)}&infrastructure=prod-api");

        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

        var traces = received.Where(r => r.Path == "/otlp/v1/traces").ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, r => Assert.Equal("application/x-protobuf", r.ContentType));
        var spans = string.Concat(traces.Select(r => Encoding.UTF8.GetString(r.Body)));
        Assert.Contains(SignOffBotTrace.ActionSpan, spans, StringComparison.Ordinal);
        Assert.Contains(SignOffBotTrace.Item, spans, StringComparison.Ordinal);
        Assert.Contains(Item, spans, StringComparison.Ordinal);
        Assert.Contains("signoffbot", spans, StringComparison.Ordinal);
        var metrics = string.Concat(received.Where(r => r.Path == "/otlp/v1/metrics").Select(r => Encoding.UTF8.GetString(r.Body)));
        Assert.Contains(SignOffBotMetrics.DeployChecks, metrics, StringComparison.Ordinal);
    }
}
