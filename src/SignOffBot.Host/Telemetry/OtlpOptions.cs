using OpenTelemetry.Exporter;

namespace SignOffBot.Host.Telemetry;

/// <summary>
/// <c>Telemetry:Otlp</c>: where metrics and traces are pushed with the OpenTelemetry protocol (a collector, or a
/// vendor's OTLP intake). Headers a vendor wants (an API key) go in the standard environment variable
/// <c>OTEL_EXPORTER_OTLP_HEADERS</c>, never in this file.
/// </summary>
public sealed class OtlpOptions
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The collector's base URL (e.g. <c>http://otel-collector:4317</c> for gRPC, <c>…:4318</c> for http/protobuf); empty: OTLP off.</summary>
    public string? Endpoint { get; set; }

    public string Protocol { get; set; } = Grpc;

    public bool IsOn => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>The endpoint when it is an absolute http or https URL; null otherwise (off, or a mistake the host refuses at start).</summary>
    public Uri? EndpointUri() =>
        Uri.TryCreate(Endpoint?.Trim(), UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https" ? endpoint : null;

    public static OtlpExportProtocol? ProtocolOf(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        Grpc => OtlpExportProtocol.Grpc,
        HttpProtobuf => OtlpExportProtocol.HttpProtobuf,
        _ => null,
    };

    /// <summary>
    /// The URL one signal is sent to: the endpoint itself over gRPC; over http/protobuf the endpoint with the signal's
    /// path (<c>v1/traces</c>, <c>v1/metrics</c>), which the exporter does not add to an endpoint set in code.
    /// </summary>
    public Uri SignalEndpoint(string signalPath)
    {
        var endpoint = EndpointUri() ?? throw new InvalidOperationException($"{TelemetryOptions.Section}:Otlp:Endpoint is not an http or https URL.");
        return ProtocolOf(Protocol) == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : endpoint;
    }
}
