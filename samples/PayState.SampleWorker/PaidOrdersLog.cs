using Microsoft.Extensions.Logging;
using PayState.Client;
using PayState.Client.Webhooks;

namespace PayState.SampleWorker;

/// Logs every acquiring order that became Paid; every other event is taken as handled.
public sealed class PaidOrdersLog(ILogger<PaidOrdersLog> logger) : IPayStateWebhookHandler
{
    public Task<WebhookResult> HandleAsync(PayStateWebhook webhook, PayStateWebhookContext context)
    {
        if (webhook.Order is { Status: OrderStatuses.Paid } order)
            logger.LogInformation("Order {Uuid} ({External}) is paid: {Amount} {Token}.", order.Uuid, order.ExternalOrderId, order.Amount, order.Currency.Symbol);
        return Task.FromResult(WebhookResult.Processed);
    }
}
