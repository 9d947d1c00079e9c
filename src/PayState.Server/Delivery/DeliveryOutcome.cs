namespace PayState.Server.Delivery;

/// The result of one attempt, and what it makes of the delivery. HeldUntil is the lease the attempt was made
/// under: if the delivery no longer holds it (the lease ran out and another claim took it), only the attempt is
/// recorded and the delivery is left to its new holder.
public sealed record DeliveryOutcome(
    string DeliveryId,
    DateTimeOffset AttemptedAt,
    int DurationMs,
    int? StatusCode,
    string? Error,
    string? ResponseBody,
    string NewStatus,
    DateTimeOffset? NextAttemptAt,
    string? Node = null,
    DateTimeOffset? HeldUntil = null);
