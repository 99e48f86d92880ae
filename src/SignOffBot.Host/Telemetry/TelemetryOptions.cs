namespace SignOffBot.Host.Telemetry;

/// <summary>
/// The <c>Telemetry</c> configuration section. Every exporter is off by default: OTLP (metrics and traces) is on when
/// <see cref="OtlpOptions.Endpoint"/> is set, the Prometheus scraping endpoint <c>/metrics</c> when
/// <see cref="PrometheusOptions.Enabled"/> is true.
/// </summary>
public sealed class TelemetryOptions : Configuration.IValidatedOptions
{
    public const string Section = "Telemetry";

    /// <summary>The <c>service.name</c> of the resource every metric and span carries.</summary>
    public string ServiceName { get; set; } = "signoffbot";

    public OtlpOptions Otlp { get; set; } = new();

    public PrometheusOptions Prometheus { get; set; } = new();

    /// <summary>Whether anything is exported, so the host collects metrics and traces at all.</summary>
    public bool AnyExporter => Otlp.IsOn || Prometheus.Enabled;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            problems.Add($"{Section}:{nameof(ServiceName)}: must not be empty (it names this host in every metric and trace).");
        }

        if (Otlp.IsOn && Otlp.EndpointUri() is null)
        {
            problems.Add($"{Section}:Otlp:Endpoint: must be an absolute http or https URL such as http://otel-collector:4317, or empty (OTLP off).");
        }

        if (OtlpOptions.ProtocolOf(Otlp.Protocol) is null)
        {
            problems.Add($"{Section}:Otlp:Protocol: must be grpc or http/protobuf.");
        }

        if (Prometheus.Port is < 1 or > 65535)
        {
            problems.Add($"{Section}:Prometheus:Port: must be a TCP port from 1 to 65535, or empty (/metrics on every port the host listens on).");
        }

        return problems;
    }
}
