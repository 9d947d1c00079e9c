namespace PayState.Server.Delivery;

/// What one HTTP attempt got: a status code (with the start of the answer) or an error, and how long it took.
public sealed record AttemptResult(int? StatusCode, string? Error, string? ResponseBody, TimeSpan? RetryAfter, TimeSpan Duration)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;

    /// Not sent: the target resolved into a network webhooks may not reach.
    public bool Refused { get; init; }

    /// Sent, or tried, and the host gave no answer: a timeout, or a connection refused, reset or never made.
    public bool Unanswered { get; init; }
}
