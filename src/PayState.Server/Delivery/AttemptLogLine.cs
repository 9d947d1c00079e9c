using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// An attempt as one log sentence that says what happened and what comes next, e.g. "Delivery dlv_… of event evt_…
/// (object 0971…, sequence 2): attempt 1 failed, answered 503 after 12 ms; next attempt at 2026-01-01T12:00:05Z."
public static class AttemptLogLine
{
    public static void Write(ILogger log, ClaimedDelivery delivery, AttemptResult result, DeliveryOutcome outcome)
    {
        var attempt = delivery.Attempts + 1;
        var ms = outcome.DurationMs;
        if (outcome.NewStatus == DeliveryStatus.Succeeded)
            log.LogInformation("Delivery {DeliveryId} of event {EventId} (object {ObjectId}, sequence {Sequence}): attempt {Attempt} succeeded, answered {StatusCode} after {DurationMs} ms.",
                delivery.Id, delivery.EventId, delivery.ObjectId, delivery.Version, attempt, result.StatusCode, ms);
        else if (outcome.NextAttemptAt is { } next)
            log.LogInformation("Delivery {DeliveryId} of event {EventId} (object {ObjectId}, sequence {Sequence}): attempt {Attempt} failed, {Answer} after {DurationMs} ms; next attempt at {NextAttemptAt:O}.",
                delivery.Id, delivery.EventId, delivery.ObjectId, delivery.Version, attempt, Answer(result, outcome), ms, next);
        else
            log.LogWarning("Delivery {DeliveryId} of event {EventId} (object {ObjectId}, sequence {Sequence}): attempt {Attempt} failed, {Answer} after {DurationMs} ms; it was the last, the delivery is dead.",
                delivery.Id, delivery.EventId, delivery.ObjectId, delivery.Version, attempt, Answer(result, outcome), ms);
    }

    /// "answered 503", "answered 302 (redirect (302) not followed)", or the error when nothing was answered.
    private static string Answer(AttemptResult result, DeliveryOutcome outcome) => (result.StatusCode, outcome.Error) switch
    {
        ({ } code, null) => $"answered {code}",
        ({ } code, { } error) => $"answered {code} ({error})",
        (null, { } error) => error,
        _ => "no answer",
    };
}
