using System.Diagnostics;
using PayState.Server.Storage;

namespace PayState.Server.Telemetry;

/// PayState's spans. A change is an event span (its context is stored with the event) holding the commit; each
/// delivery attempt of the event, whenever and wherever it runs, is a child of that event span, and the webhook's
/// HTTP call a child of the attempt, whose traceparent the receiver gets. Without a listener (no OTLP endpoint) no
/// span is made: StartActivity returns null and every call here does nothing.
public static class PayStateTraces
{
    public const string SourceName = "PayState";

    private static readonly ActivitySource Source = new(SourceName);

    /// The event a change is about to commit, a child of the request (or timer) that made it.
    public static Activity? StartEvent(PayObject found, string eventId, string eventType, int version)
    {
        var span = Source.StartActivity("paystate.event", ActivityKind.Producer);
        span?.SetTag("paystate.object.id", found.Id).SetTag("paystate.object.kind", found.Kind)
            .SetTag("paystate.event.id", eventId).SetTag("paystate.event.type", eventType).SetTag("paystate.event.sequence", version);
        return span;
    }

    /// The wait for the durable commit of a unit of work (the group-commit writer runs it under this span).
    public static Activity? StartCommit() => Source.StartActivity("paystate.commit");

    /// A durable timer firing; its change's event belongs to this span's trace.
    public static Activity? StartTimer(TimerRecord timer)
    {
        var span = Source.StartActivity("paystate.timer");
        span?.SetTag("paystate.object.id", timer.ObjectId).SetTag("paystate.timer.name", timer.Name);
        return span;
    }

    /// One attempt of one delivery, a child of its event's span (from the stored context), or of nothing when the
    /// event was committed untraced: then the attempt starts a trace of its own, which the receiver still joins.
    public static Activity? StartAttempt(ClaimedDelivery delivery)
    {
        var span = Source.StartActivity("paystate.delivery.attempt", ActivityKind.Consumer, delivery.Trace ?? default);
        span?.SetTag("paystate.delivery.id", delivery.Id).SetTag("paystate.event.id", delivery.EventId)
            .SetTag("paystate.object.id", delivery.ObjectId).SetTag("paystate.delivery.attempt", delivery.Attempts + 1);
        return span;
    }

    /// What an attempt got (a status code or an error) and what it made of the delivery (newStatus).
    public static void Attempted(Activity? span, string newStatus, int? statusCode, string? error)
    {
        if (span is null) return;
        span.SetTag("paystate.delivery.status", newStatus);
        if (statusCode is { } code) span.SetTag("http.response.status_code", code);
        if (statusCode is not (>= 200 and < 300)) span.SetStatus(ActivityStatusCode.Error, error ?? $"answered {statusCode}");
    }

    /// The context to store with an event written by work the writer runs (a timer's change, a change decided
    /// again on the locked row): the span that enqueued the work, which the writer makes current while it runs.
    public static ActivityContext? Current => Activity.Current is { Recorded: true } current ? current.Context : null;
}
