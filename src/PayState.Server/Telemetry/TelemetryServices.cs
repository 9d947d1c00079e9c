using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PayState.Server.Metrics;

namespace PayState.Server.Telemetry;

/// OpenTelemetry for the server: metrics always (read by /metrics, and pushed over OTLP when an endpoint is set),
/// traces only when an OTLP endpoint for them is set. Configured by the standard OTEL_* keys, which the exporter
/// reads itself (OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES...).
public static class TelemetryServices
{
    /// The meters /metrics shows besides PayState's own: requests (http.server.*), connections, and the runtime.
    private static readonly string[] FrameworkMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    public static IServiceCollection AddPayStateTelemetry(this IServiceCollection services, IConfiguration config)
    {
        var exports = OtlpExports.From(config);
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource =>
        {
            if (string.IsNullOrWhiteSpace(config["OTEL_SERVICE_NAME"])) resource.AddService("paystate");
        });
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(PayStateMetrics.MeterName).AddMeter(FrameworkMeters).AddRuntimeInstrumentation()
                .AddPrometheusExporter(o =>
                {
                    // Every scrape reads the instruments now: Prometheus scrapes seldom, and a test scrapes before and after.
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                    // Each series' name says where it comes from; a scope label on every one would only repeat it.
                    o.ScopeInfoEnabled = false;
                });
            if (exports.Metrics) metrics.AddOtlpExporter();
        });
        services.ConfigureOpenTelemetryMeterProvider((sp, metrics) => metrics.AddView(OwnMetersOnly(sp.GetRequiredService<IMeterFactory>())));
        if (exports.Traces)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(PayStateTraces.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperations(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter());
        }
        return services;
    }

    /// A meter made by another host's IMeterFactory is that host's: several servers in one process (the tests)
    /// each show only their own requests and deliveries. Meters made without a factory (the runtime's) are shared.
    private static Func<Instrument, MetricStreamConfiguration?> OwnMetersOnly(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory scope && !ReferenceEquals(scope, own) ? MetricStreamConfiguration.Drop : null;

    /// Scrapes and probes come every few seconds and tell nothing about a payment: no trace for them.
    private static bool IsOperations(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");

    /// Which signals go to an OTLP collector: those with an endpoint, the shared one or their own.
    private sealed record OtlpExports(bool Traces, bool Metrics)
    {
        public static OtlpExports From(IConfiguration config)
        {
            bool Set(string key) => !string.IsNullOrWhiteSpace(config[key]);
            var shared = Set("OTEL_EXPORTER_OTLP_ENDPOINT");
            return new OtlpExports(shared || Set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), shared || Set("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"));
        }
    }
}
