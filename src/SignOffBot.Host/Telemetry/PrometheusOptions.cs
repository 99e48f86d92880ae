namespace SignOffBot.Host.Telemetry;

/// <summary>
/// <c>Telemetry:Prometheus</c>: the scraping endpoint <c>/metrics</c> (Prometheus text format, no key). When
/// <see cref="Port"/> is set, <c>/metrics</c> answers only requests that arrived on that local port (one the host
/// listens on besides its public one, e.g. <c>Urls: "http://+:8080;http://+:9464"</c>), so a reverse proxy in front of
/// the public port never exposes it; elsewhere it is 404 like any unknown path.
/// </summary>
public sealed class PrometheusOptions
{
    public const string Path = "/metrics";

    public bool Enabled { get; set; }

    public int? Port { get; set; }
}
