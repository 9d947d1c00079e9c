using Microsoft.Extensions.Logging;

namespace PayState.Client.Webhooks;

/// <summary>
/// The rule every PayState message goes through, in the receiver, the reconciler, or an endpoint of your own: a message
/// recorded before (same id and kind) is answered as it was then; one not newer than the last applied of its object and
/// kind is stale; any other goes to the handler, and its answer is recorded in the store's transaction with whatever the
/// handler wrote in it. The handler is not called twice at once for one object and kind, in one process or, with
/// <see cref="SqlWebhookStateStore"/>, in several.
/// </summary>
/// <param name="store">What was handled.</param>
/// <param name="logger">One line per message: its outcome.</param>
public sealed class PayStateWebhookProcessor(IWebhookStateStore store, ILogger<PayStateWebhookProcessor> logger)
{
    /// <summary>Handles one message (see the class summary).</summary>
    /// <param name="webhook">The message.</param>
    /// <param name="handler">Applies a new message.</param>
    /// <param name="services">The scope's services, handed to the handler.</param>
    /// <param name="cancellationToken">Cancels the handling; nothing is recorded then.</param>
    /// <returns>The outcome and the HTTP status to answer.</returns>
    /// <exception cref="Exception">Whatever the handler threw: nothing was recorded.</exception>
    public Task<WebhookResult> ProcessAsync(
        PayStateWebhook webhook, PayStateWebhookHandler handler, IServiceProvider services, CancellationToken cancellationToken) =>
        ProcessAsync(webhook, handler, services, null, cancellationToken);

    internal async Task<WebhookResult> ProcessAsync(
        PayStateWebhook webhook, PayStateWebhookHandler handler, IServiceProvider services, object? request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(services);
        WebhookResult result;
        await using (var scope = await store.BeginAsync(webhook, cancellationToken))
        {
            if (scope.RecordedStatusCode is { } answered) result = WebhookResult.Duplicate(answered);
            else if (scope.LastSequence is { } last && webhook.Sequence <= last) result = WebhookResult.Stale;
            else
            {
                result = await handler(webhook, new PayStateWebhookContext(services, scope, request, cancellationToken))
                    ?? throw new InvalidOperationException("The PayState webhook handler answered null; answer WebhookResult.Processed.");
                if (result.Outcome == WebhookOutcome.Conflict && webhook.Kind != WebhookKind.Ipn)
                    throw new InvalidOperationException($"A conflict is an IPN's answer; {webhook} is a {webhook.Kind}.");
                if (result.Outcome is WebhookOutcome.Processed or WebhookOutcome.Conflict) await scope.CommitAsync(result.StatusCode, cancellationToken);
            }
        }
        logger.LogInformation("PayState {Kind} {MessageId} for {ObjectId} #{Sequence} from the {Source}: {Outcome}, answered {StatusCode}.",
            webhook.Kind, webhook.MessageId, webhook.ObjectId, webhook.Sequence, webhook.Source, result.Outcome, result.StatusCode);
        return result;
    }
}
