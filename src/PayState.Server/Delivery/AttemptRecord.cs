namespace PayState.Server.Delivery;

/// One attempt of a delivery, as its attempt log keeps it.
public sealed record AttemptRecord(
    DateTimeOffset AttemptedAt,
    int DurationMs,
    int? StatusCode,
    string? Error,
    string? ResponseBody,
    string? Node);
