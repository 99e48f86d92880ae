namespace SignOffBot.Host.Tests.Configuration;

/// <summary>
/// Numbers and time spans of the <c>Outbox</c> paces, the <c>RateLimits</c> buckets, the bounds of held deploy-checks
/// (<c>Api:MaxWaitsPerKey</c>, <c>Api:MaxWaits</c>), <c>Health</c> and the
/// <c>Telemetry</c> exporters' endpoint, protocol and port, are checked at start; a value out of range (a negative or
/// very long pace, a bucket that would refuse everything, a collector address that is no http URL) stops the host
/// naming its key.
/// </summary>
[Collection(HostStart.Collection)]
public sealed class OptionRangesValidationTests
{
    [Theory]
    [InlineData("Outbox:SlackPace", "-00:00:01")]
    [InlineData("Outbox:TeamsPace", "00:05:00")]
    [InlineData("RateLimits:Api:PerSecond", "0")]
    [InlineData("RateLimits:Playground:Burst", "-1")]
    [InlineData("Telemetry:Otlp:Endpoint", "collector:4317")]
    [InlineData("Telemetry:Otlp:Protocol", "udp")]
    [InlineData("Telemetry:Prometheus:Port", "70000")]
    [InlineData("Health:DeadLetterMaxAge", "00:00:00")]
    [InlineData("Api:MaxWaitsPerKey", "0")]
    [InlineData("Api:MaxWaits", "-1")]
    public async Task Host_WithAValueOutOfRange_RefusesToStart_NamingTheKey(string key, string value)
    {
        var message = await HostStart.RefusalAsync(app => app.Settings[key] = value);

        Assert.Contains("SignOffBot cannot start", message, StringComparison.Ordinal);
        Assert.Contains(key + ": ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithExportersMistakenFromTheStart_RefusesToStart_NamingTheKeys()
    {
        // Read while the services are registered too: a mistake there must still end in the one message.
        var message = await HostStart.RefusalAsync(app =>
        {
            app.StartSettings["Telemetry:Otlp:Endpoint"] = "otel-collector:4317";
            app.StartSettings["Telemetry:Prometheus:Enabled"] = "true";
            app.StartSettings["Telemetry:Prometheus:Port"] = "0";
        });

        Assert.Contains("SignOffBot cannot start", message, StringComparison.Ordinal);
        Assert.Contains("Telemetry:Otlp:Endpoint: ", message, StringComparison.Ordinal);
        Assert.Contains("Telemetry:Prometheus:Port: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithProblemsInSeveralSections_RefusesToStart_NamingEveryKeyInOneMessage()
    {
        var message = await HostStart.RefusalAsync(app =>
        {
            app.Settings["Outbox:SlackPace"] = "-00:00:01";
            app.Settings["RateLimits:Api:Burst"] = "0";
            app.Settings["Reminders:MaxCount"] = "-1";
            app.Settings["Api:Keys:0:Scopes:0"] = "everything";
        });

        Assert.Contains("SignOffBot cannot start", message, StringComparison.Ordinal);
        foreach (var key in new[] { "Outbox:SlackPace: ", "RateLimits:Api:Burst: ", "Reminders:MaxCount: ", "Api:Keys:0" })
        {
            Assert.Contains(key, message, StringComparison.Ordinal);
        }
    }
}
