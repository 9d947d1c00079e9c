namespace PayState.Server.Metrics;

/// The handler of GET /metrics: reads the database's gauges (at most every few seconds), then hands the request to
/// OpenTelemetry's Prometheus exporter, which collects every instrument and writes the answer. The exporter is a
/// middleware; here it ends a pipeline of its own, so /metrics stays an ordinary endpoint (described, filtered).
public sealed class MetricsScrape(IApplicationBuilder app)
{
    private readonly RequestDelegate _exporter = app.New()
        .UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: _ => true, path: null, configureBranchedPipeline: null, optionsName: null)
        .Build();

    public async Task ScrapeAsync(HttpContext context, OutboxGauges outbox, CancellationToken cancellationToken)
    {
        await outbox.RefreshAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await _exporter(context).ConfigureAwait(false);
    }
}
