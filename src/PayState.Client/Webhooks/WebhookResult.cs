namespace PayState.Client.Webhooks;

/// <summary>A handler's answer to one message, and the processor's answer to its caller.</summary>
public sealed class WebhookResult
{
    private WebhookResult(WebhookOutcome outcome, int statusCode, TimeSpan? retryAfter)
    {
        Outcome = outcome;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The message was applied: record it and answer 200.</summary>
    public static WebhookResult Processed { get; } = new(WebhookOutcome.Processed, 200, null);

    /// <summary>Older than a message of the same object and kind already applied: not handled, answered 200.</summary>
    internal static WebhookResult Stale { get; } = new(WebhookOutcome.Stale, 200, null);

    /// <summary>What happened.</summary>
    public WebhookOutcome Outcome { get; }

    /// <summary>The HTTP status the receiver answers: 200, 409 or 410 (a conflict), or 503 (retry later).</summary>
    public int StatusCode { get; }

    /// <summary>For <see cref="WebhookOutcome.RetryLater"/>: how long PayState should wait, sent as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// An IPN's conflict: the merchant cannot confirm the order (it ends in <c>show_conflict</c>, not retried). Recorded, so a
    /// resend of the same IPN gets the same answer. Only an IPN can answer this.
    /// </summary>
    /// <param name="statusCode">409 (default) or 410.</param>
    /// <returns>The answer.</returns>
    public static WebhookResult Conflict(int statusCode = 409)
    {
        if (statusCode is not (409 or 410)) throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "An IPN's conflict is 409 or 410.");
        return new WebhookResult(WebhookOutcome.Conflict, statusCode, null);
    }

    /// <summary>Not now: nothing is recorded, the receiver answers 503 and PayState retries on its schedule (or the reconciler backs off).</summary>
    /// <param name="after">Sent as <c>Retry-After</c> (PayState honours one to two times its scheduled wait).</param>
    /// <returns>The answer.</returns>
    public static WebhookResult RetryLater(TimeSpan? after = null) => new(WebhookOutcome.RetryLater, 503, after);

    internal static WebhookResult Duplicate(int recordedStatusCode) => new(WebhookOutcome.Duplicate, recordedStatusCode, null);

    /// <inheritdoc />
    public override string ToString() => $"{Outcome} ({StatusCode})";
}
