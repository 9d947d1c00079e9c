using System.Diagnostics.Metrics;
using PayState.Server.Storage;

namespace PayState.Server.Metrics;

/// PayState's own instruments, on one meter, with the calls the code paths record through. Names and units follow
/// OpenTelemetry's conventions (dotted names, UCUM units); the Prometheus exporter turns paystate.timer.lag in
/// seconds into paystate_timer_lag_seconds. Requests, the runtime and the garbage collector are measured by their
/// own meters (docs/operations.md). Attribute values are cached, so recording allocates nothing.
public sealed class PayStateMetrics
{
    public const string MeterName = "PayState";

    private static readonly KeyValuePair<string, object?> Delivered = new("paystate.delivery.outcome", "delivered");
    private static readonly KeyValuePair<string, object?> Retry = new("paystate.delivery.outcome", "retry");
    private static readonly KeyValuePair<string, object?> Dead = new("paystate.delivery.outcome", "dead");
    private static readonly KeyValuePair<string, object?> Refused = new("paystate.delivery.outcome", "refused");

    private readonly Counter<long> _statusChanges;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _databaseErrors;
    private readonly Histogram<double> _deliveryLatency;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _timerLag;
    private readonly Meter _meter;
    private readonly OutboxGauges _outbox;
    private readonly TimeProvider _clock;

    public PayStateMetrics(IMeterFactory meters, OutboxGauges outbox, IStore store, TimeProvider clock)
    {
        _clock = clock;
        _outbox = outbox;
        var meter = _meter = meters.Create(MeterName);
        _statusChanges = meter.CreateCounter<long>("paystate.status_changes", "{change}", "Committed status changes (each with its event), by object kind.");
        _attempts = meter.CreateCounter<long>("paystate.delivery.attempts", "{attempt}",
            "Webhook attempts by outcome: delivered (2xx), retry (failed, retried later), dead (failed, no attempt left), refused (target in a forbidden network).");
        _databaseErrors = meter.CreateCounter<long>("paystate.database.errors", "{request}",
            "Requests answered 503 database_unavailable: the database could not be reached.");
        _deliveryLatency = meter.CreateHistogram("paystate.delivery.latency", "s", "From an event's commit to the 2xx answer of its webhook, retries included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400] });
        _attemptDuration = meter.CreateHistogram("paystate.delivery.attempt.duration", "s", "One webhook attempt: connect, send and the answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30] });
        _timerLag = meter.CreateHistogram("paystate.timer.lag", "s", "How late a durable timer (expiry, screening deadline) fired: fire time minus due time.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        meter.CreateObservableGauge("paystate.outbox.depth", () => outbox.Depth, "{delivery}", "Open (pending or failed) webhook deliveries.");
        meter.CreateObservableGauge("paystate.outbox.oldest_pending_age", outbox.OldestPendingAgeSeconds, "s", "Age of the oldest open webhook delivery (0 when none).");
        meter.CreateObservableGauge("paystate.outbox.overdue", outbox.OverdueSeconds, "s",
            "How long the earliest sendable delivery has been due and not taken (0 when none): the dispatcher's lag.");
        if (store.EngineMemoryBytes is { } engineMemory)
            meter.CreateObservableGauge("paystate.sqlite.memory", engineMemory, "By", "Memory SQLite has allocated: page caches, schemas and prepared statements.");
    }

    /// The gauges of what the parts above keep, read at each scrape: held long-polls (the change feed's count) and the
    /// dispatcher's liveness (its heartbeat). Called once, when the host maps /metrics.
    public void Observe(Func<int> heldWaits, Func<bool> dispatcherHealthy)
    {
        _meter.CreateObservableGauge("paystate.held_waits", heldWaits, "{request}", "Long-poll requests held open now by this process.");
        _meter.CreateObservableGauge("paystate.dispatcher.up", () => dispatcherHealthy() ? 1 : 0, null,
            "1 while the delivery dispatcher's loop runs (or is switched off on purpose), 0 when it stopped or stalled.");
        _meter.CreateObservableGauge("paystate.ready", () => _outbox.DatabaseReady && dispatcherHealthy() ? 1 : 0, null,
            "1 when /readyz answers 200 (database reachable with this build's migrations, dispatcher alive), else 0.");
    }

    /// Outcomes start at zero, so an increase over them exists before the first dead delivery. Called once the meter
    /// provider listens (the host has started): a measurement before that is lost.
    public void StartCounting()
    {
        foreach (var outcome in new[] { Delivered, Retry, Dead, Refused }) _attempts.Add(0, outcome);
        _databaseErrors.Add(0);
    }

    public void StatusChanged(string kind) => _statusChanges.Add(1, new KeyValuePair<string, object?>("paystate.object.kind", kind));

    /// One attempt of a delivery of the event: how long it took, whether its target was refused, and the delivery's
    /// status after it.
    public void DeliveryAttempted(string eventId, TimeSpan duration, bool refused, string newStatus)
    {
        _attemptDuration.Record(duration.TotalSeconds);
        _attempts.Add(1, refused ? Refused
            : newStatus == DeliveryStatus.Succeeded ? Delivered
            : newStatus == DeliveryStatus.Dead ? Dead
            : Retry);
        if (newStatus == DeliveryStatus.Succeeded && EventTime.Of(eventId) is { } committed)
            _deliveryLatency.Record(Math.Max(0, (_clock.GetUtcNow() - committed).TotalSeconds));
    }

    public void TimerFiring(TimeSpan lag) => _timerLag.Record(Math.Max(0, lag.TotalSeconds));

    public void DatabaseUnavailable() => _databaseErrors.Add(1);
}
