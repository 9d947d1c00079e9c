using PayState.Server.Delivery;

namespace PayState.Server.Metrics;

/// GET /metrics: every instrument the OpenTelemetry meter provider reads (PayState's, requests', the runtime's),
/// rendered by OpenTelemetry's Prometheus exporter, and the services behind it.
public static class MetricsEndpoints
{
    public static IServiceCollection AddPayStateMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        // Stalls are measured in real time, not on a test's fake clock: a hung loop is hung in real time.
        services.AddSingleton(_ => new DispatcherHeartbeat(TimeProvider.System));
        services.AddSingleton<OutboxGauges>();
        services.AddSingleton<PayStateMetrics>();
        return services;
    }

    /// Maps GET /metrics, behind a bearer token when one is configured (for a deployment where the port is reachable
    /// from outside).
    public static WebApplication MapMetrics(this WebApplication app, string? token)
    {
        // Create the instruments before the first request, not at the first scrape.
        var metrics = app.Services.GetRequiredService<PayStateMetrics>();
        app.Lifetime.ApplicationStarted.Register(metrics.StartCounting);
        var scrape = app.MapGet("/metrics", new MetricsScrape(app).ScrapeAsync);
        if (token is not null) scrape.AddEndpointFilter(new Accounts.BearerTokenFilter(_ => token, "metrics"));
        scrape.WithTags("Operations")
            .WithName("Metrics")
            .WithSummary("Prometheus metrics")
            .WithDescription("Requests, status changes, deliveries, outbox, held waits, timer lag, readiness and the runtime, in the Prometheus text format 0.0.4 (OpenMetrics when asked for).")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }
}
