namespace PayState.Client.Webhooks;

// What the shared dedupe/sequence logic did with one event.
internal enum WebhookOutcome
{
    Processed,
    Duplicate,
    Stale,
}
