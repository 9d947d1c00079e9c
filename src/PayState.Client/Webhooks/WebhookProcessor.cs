namespace PayState.Client.Webhooks;

// The receiver's rule, shared by the endpoint and the reconciler: drop duplicates and stale sequences, call the
// handler, and only after it succeeded record the event. Serialised per object id so two deliveries for one
// object cannot both pass the sequence check.
internal sealed class WebhookProcessor(IWebhookStateStore state, Func<PayStateWebhook, CancellationToken, Task> handler)
{
    public async Task<WebhookOutcome> ProcessAsync(PayStateWebhook webhook, CancellationToken cancellationToken)
    {
        using var held = await ObjectLocks.Shared.AcquireAsync(webhook.ObjectId, cancellationToken);
        if (await state.IsProcessedAsync(webhook.EventId, cancellationToken)) return WebhookOutcome.Duplicate;
        if (await state.LastSequenceAsync(webhook.ObjectId, cancellationToken) is { } last && webhook.Sequence <= last) return WebhookOutcome.Stale;
        await handler(webhook, cancellationToken);
        await state.MarkProcessedAsync(webhook.EventId, webhook.ObjectId, webhook.Sequence, cancellationToken);
        return WebhookOutcome.Processed;
    }
}
