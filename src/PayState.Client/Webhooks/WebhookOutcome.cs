namespace PayState.Client.Webhooks;

/// <summary>What became of one message.</summary>
public enum WebhookOutcome
{
    /// <summary>The handler applied it and it was recorded: answered 200.</summary>
    Processed,

    /// <summary>The handler answered a conflict to an IPN, and that was recorded: answered 409 or 410, final at PayState.</summary>
    Conflict,

    /// <summary>The handler asked for it again later; nothing was recorded: answered 503, PayState retries.</summary>
    RetryLater,

    /// <summary>This message (id and kind) was recorded before: answered as it was then, the handler not called.</summary>
    Duplicate,

    /// <summary>A message of the same object and kind with this sequence or a newer one was recorded: answered 200, the handler not called.</summary>
    Stale,
}
