using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// Classifies an attempt: a 2xx succeeds; anything else (3xx, 4xx, 5xx, timeouts, connection errors)
/// is retried on the schedule, and the delivery is dead after the last attempt.
public static class DeliveryOutcomes
{
    public static DeliveryOutcome Classify(ClaimedDelivery delivery, AttemptResult result, DateTimeOffset at, RetrySchedule schedule, double jitter)
    {
        var durationMs = (int)Math.Min(int.MaxValue, result.Duration.TotalMilliseconds);
        if (result.Succeeded)
            return new(delivery.Id, at, durationMs, result.StatusCode, null, result.ResponseBody, DeliveryStatus.Succeeded, null, HeldUntil: delivery.LeaseUntil);
        var error = result.Error ?? (result.StatusCode is >= 300 and < 400 ? $"redirect ({result.StatusCode}) not followed" : null);
        var delay = schedule.DelayAfter(delivery.Attempts + 1, jitter, result.RetryAfter);
        return delay is { } wait
            ? new(delivery.Id, at, durationMs, result.StatusCode, error, result.ResponseBody, DeliveryStatus.Failed, Storage.UnixMicros.Truncate(at + wait), HeldUntil: delivery.LeaseUntil)
            : new(delivery.Id, at, durationMs, result.StatusCode, error, result.ResponseBody, DeliveryStatus.Dead, null, HeldUntil: delivery.LeaseUntil);
    }
}
