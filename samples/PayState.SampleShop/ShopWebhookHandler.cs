using PayState.Client;
using PayState.Client.Webhooks;

namespace PayState.SampleShop;

/// Applies PayState's messages to the shop's tables, through the state store's transaction: the change and the record
/// of the message commit together, so a crash between them cannot apply a message twice or lose it.
public sealed class ShopWebhookHandler(ILogger<ShopWebhookHandler> logger) : IPayStateWebhookHandler
{
    public async Task<WebhookResult> HandleAsync(PayStateWebhook webhook, PayStateWebhookContext context)
    {
        var shop = new ShopTables(context.Connection!, context.Transaction);
        switch (webhook.Kind)
        {
            case WebhookKind.AcquiringOrder:
                await shop.SetOrderStatusAsync(webhook.Order!.Uuid, webhook.Order.Status, context.CancellationToken);
                return WebhookResult.Processed;

            case WebhookKind.Ipn:
                // Confirm the cart, or refuse it: a conflict ends the checkout in show_conflict and is not retried.
                var confirmed = await shop.ConfirmCheckoutAsync(webhook.Ipn!.OrderRef, context.CancellationToken);
                return confirmed ? WebhookResult.Processed : WebhookResult.Conflict();

            case WebhookKind.IdentificationEvent when webhook.IdentificationEvent!.Action == CheckoutActions.Reject:
                logger.LogInformation("Checkout {Checkout} was rejected.", webhook.ObjectId);
                return WebhookResult.Processed;

            default:
                return WebhookResult.Processed;
        }
    }
}
