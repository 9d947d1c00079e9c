using System.Diagnostics.Metrics;
using System.Globalization;
using PayState.Server.Delivery;
using PayState.Server.Events;
using PayState.Server.Storage;

namespace PayState.Server.Metrics;

/// Every PayState instrument, on one meter, with the calls the code paths record through. Label values are
/// cached strings, and each call passes its labels inline, so recording allocates nothing.
public sealed class PayStateMetrics
{
    public const string MeterName = "PayState";

    private static readonly string[] StatusCodes = [.. Enumerable.Range(0, 600).Select(i => i.ToString(CultureInfo.InvariantCulture))];
    private static readonly KeyValuePair<string, object?> Delivered = new("outcome", "delivered");
    private static readonly KeyValuePair<string, object?> Retry = new("outcome", "retry");
    private static readonly KeyValuePair<string, object?> Dead = new("outcome", "dead");
    private static readonly KeyValuePair<string, object?> Refused = new("outcome", "refused");

    private readonly Counter<long> _requests;
    private readonly Counter<long> _statusChanges;
    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _deliveryLatency;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _timerLag;
    private readonly TimeProvider _clock;

    public PayStateMetrics(IMeterFactory meters, ObjectChangeFeed feed, OutboxGauges outbox, DispatcherHeartbeat dispatcher, IStore store, TimeProvider clock)
    {
        _clock = clock;
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("paystate_http_requests", description: "HTTP requests answered, by route pattern, method and status code.");
        _statusChanges = meter.CreateCounter<long>("paystate_status_changes", description: "Committed status changes (each with its event), by object kind.");
        _deliveries = meter.CreateCounter<long>("paystate_deliveries",
            description: "Webhook delivery attempts by outcome: delivered (2xx), retry (failed, retried later), dead (failed, no attempt left), refused (target in a forbidden network).");
        _deliveryLatency = meter.CreateHistogram("paystate_delivery_latency_seconds", unit: "s",
            description: "From an event's commit to the 2xx answer of its webhook, retries included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400] });
        _attemptDuration = meter.CreateHistogram("paystate_delivery_attempt_duration_seconds", unit: "s",
            description: "One webhook attempt: connect, send and the answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30] });
        _timerLag = meter.CreateHistogram("paystate_timer_lag_seconds", unit: "s",
            description: "How late a durable timer (expiry, screening deadline) fired: fire time minus due time.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        meter.CreateObservableGauge("paystate_held_waits", () => feed.Held, description: "Long-poll requests held open now.");
        meter.CreateObservableGauge("paystate_outbox_depth", () => outbox.Depth, description: "Open (pending or failed) webhook deliveries.");
        meter.CreateObservableGauge("paystate_outbox_oldest_pending_age_seconds", outbox.OldestPendingAgeSeconds, unit: "s",
            description: "Age of the oldest open webhook delivery (0 when none).");
        meter.CreateObservableGauge("paystate_outbox_overdue_seconds", outbox.OverdueSeconds, unit: "s",
            description: "How long the earliest sendable delivery has been due and not taken (0 when none): the dispatcher's lag.");
        meter.CreateObservableGauge("paystate_dispatcher_up", () => dispatcher.IsHealthy ? 1 : 0,
            description: "1 while the delivery dispatcher's loop runs (or is switched off on purpose), 0 when it stopped or stalled.");
        MemoryGauges.Register(meter, store);
        GcCounters.Register(meter);
        JitCounters.Register(meter);
        // Outcomes start at zero, so a rate over them exists before the first dead delivery.
        foreach (var outcome in new[] { Delivered, Retry, Dead, Refused }) _deliveries.Add(0, outcome);
    }

    public void RequestAnswered(string route, string method, int statusCode) =>
        _requests.Add(1, new("route", route), new("method", method),
            new("status", (uint)statusCode < StatusCodes.Length ? StatusCodes[statusCode] : statusCode.ToString(CultureInfo.InvariantCulture)));

    public void StatusChanged(string kind) => _statusChanges.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void DeliveryAttempted(string eventId, AttemptResult result, DeliveryOutcome outcome)
    {
        _attemptDuration.Record(result.Duration.TotalSeconds);
        _deliveries.Add(1, result.Refused ? Refused
            : outcome.NewStatus == DeliveryStatus.Succeeded ? Delivered
            : outcome.NewStatus == DeliveryStatus.Dead ? Dead
            : Retry);
        if (outcome.NewStatus == DeliveryStatus.Succeeded && EventTime.Of(eventId) is { } committed)
            _deliveryLatency.Record(Math.Max(0, (_clock.GetUtcNow() - committed).TotalSeconds));
    }

    public void TimerFiring(TimeSpan lag) => _timerLag.Record(Math.Max(0, lag.TotalSeconds));
}
