using PayState.Server.Delivery;

namespace PayState.Server.Metrics;

/// GET /metrics in the Prometheus text format, and the services behind it.
public static class MetricsEndpoints
{
    public static IServiceCollection AddPayStateMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        // Stalls are measured in real time, not on a test's fake clock: a hung loop is hung in real time.
        services.AddSingleton(_ => new DispatcherHeartbeat(TimeProvider.System));
        services.AddSingleton<OutboxGauges>();
        services.AddSingleton<PayStateMetrics>();
        services.AddSingleton<MetricsCollector>();
        return services;
    }

    /// Counts requests (first in the pipeline, so it sees final status codes) and maps GET /metrics, behind a bearer
    /// token when one is configured (for a deployment where the port is reachable from outside).
    public static WebApplication MapMetrics(this WebApplication app, string? token)
    {
        // Create the collector (and so the instruments) before the first request, not at the first scrape.
        app.Services.GetRequiredService<MetricsCollector>();
        app.Services.GetRequiredService<PayStateMetrics>();
        app.UseMiddleware<RequestMetricsMiddleware>();
        var scrape = app.MapGet("/metrics", Scrape);
        if (token is not null) scrape.AddEndpointFilter(new Accounts.BearerTokenFilter(_ => token, "metrics"));
        scrape.WithTags("Operations")
            .WithName("Metrics")
            .WithSummary("Prometheus metrics")
            .WithDescription("Requests, status changes, deliveries, outbox, held waits and timer lag in the Prometheus text format 0.0.4.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }

    public static async Task<IResult> Scrape(MetricsCollector collector, OutboxGauges outbox, CancellationToken cancellationToken)
    {
        await outbox.RefreshAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Text(collector.Scrape(), PrometheusText.ContentType);
    }
}
