using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SignOffBot.Core.Workflow;
using SignOffBot.Host.Configuration;

namespace SignOffBot.Host.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// The meter, the activity source and what feeds them, always; the OpenTelemetry providers only when an exporter
    /// is configured (<see cref="TelemetryOptions"/>), so by default nothing listens and nothing is collected. The
    /// sources and instrumentations are registered apart from the providers, so whoever adds a provider (a test with an
    /// in-memory exporter) gets the host's whole telemetry.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TelemetryOptions>(TelemetryOptions.Section);
        services.AddSingleton<OpenWork>();
        services.AddSingleton<SignOffBotMetrics>();
        services.AddSingleton<IActionObserver, ActionTelemetry>();

        var options = OptionsOf(configuration);
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(SignOffBotTrace.SourceName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation());
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .AddMeter(SignOffBotMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation());
        // Meters are found by name process-wide: of those made through a meter factory, only this host's own count
        // here (a second host in the process, as in tests, keeps its own).
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var own = provider.GetService<IMeterFactory>();
            metrics.AddView(instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop);
        });
        if (!options.AnyExporter)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(ServiceNameOf(options)));
        // A mistaken endpoint or protocol adds nothing here: the host refuses to start, naming the key (ValidateOnStart).
        if (options.Otlp.EndpointUri() is not null && OtlpOptions.ProtocolOf(options.Otlp.Protocol) is { } protocol)
        {
            telemetry.WithTracing(tracing => tracing.AddOtlpExporter(otlp =>
            {
                otlp.Protocol = protocol;
                otlp.Endpoint = options.Otlp.SignalEndpoint("v1/traces");
            }));
            telemetry.WithMetrics(metrics => metrics.AddOtlpExporter(otlp =>
            {
                otlp.Protocol = protocol;
                otlp.Endpoint = options.Otlp.SignalEndpoint("v1/metrics");
            }));
        }

        if (options.Prometheus.Enabled)
        {
            telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter());
        }

        return services;
    }

    /// <summary>
    /// <c>/metrics</c> when <c>Telemetry:Prometheus:Enabled</c> is true (only on <c>Telemetry:Prometheus:Port</c> when
    /// that is set); otherwise there is no such endpoint.
    /// </summary>
    public static IApplicationBuilder UsePrometheusEndpoint(this WebApplication app)
    {
        // Read as configured: a value out of range stops the host at start, with every other problem (ValidateOnStart).
        var prometheus = OptionsOf(app.Configuration).Prometheus;
        if (!prometheus.Enabled)
        {
            return app;
        }

        return app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: context => context.Request.Path == PrometheusOptions.Path
                && (prometheus.Port is not { } port || context.Connection.LocalPort == port),
            path: null,
            configureBranchedPipeline: null,
            optionsName: null);
    }

    /// <summary>The section as configured; a value that does not even bind is left to the start's checks, which name it.</summary>
    private static TelemetryOptions OptionsOf(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        }
        catch (InvalidOperationException)
        {
            return new TelemetryOptions();
        }
    }

    private static string ServiceNameOf(TelemetryOptions options) =>
        string.IsNullOrWhiteSpace(options.ServiceName) ? new TelemetryOptions().ServiceName : options.ServiceName.Trim();
}
