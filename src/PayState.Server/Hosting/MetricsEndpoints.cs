using PayState.Server.Accounts;
using PayState.Server.Delivery;
using PayState.Server.Events;
using PayState.Server.Metrics;

namespace PayState.Server.Hosting;

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
        var (feed, dispatcher) = (app.Services.GetRequiredService<ObjectChangeFeed>(), app.Services.GetRequiredService<DispatcherHeartbeat>());
        metrics.Observe(() => feed.Held, () => dispatcher.IsHealthy);
        app.Lifetime.ApplicationStarted.Register(metrics.StartCounting);
        var scrape = app.MapGet("/metrics", new MetricsScrape(app).ScrapeAsync);
        if (token is not null) scrape.AddEndpointFilter(new BearerTokenFilter(_ => token, "metrics"));
        scrape.WithTags("Operations")
            .WithName("Metrics")
            .WithSummary("Prometheus metrics")
            .WithDescription("Requests, status changes, deliveries, outbox, held waits, timer lag, readiness and the runtime, in the Prometheus text format 0.0.4 (OpenMetrics when asked for).")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }
}
