using PayState.Server.Http;
using PayState.Server.Lifecycle;
using PayState.Server.Shared;
using PayState.Server.Storage;

namespace PayState.Server.Checkout;

/// A checkout's create path: the request read by its rules, its notify_url checked, and the checkout showing the
/// identification form. No timer: a screening deadline is set by the move that asks for it.
public static class NewCheckout
{
    public static async Task<NewObject> MakeAsync(
        TerminalRecord terminal, ReadOnlyMemory<byte> body, DateTimeOffset now, WebhookUrlPolicy urls, CancellationToken cancellationToken)
    {
        var request = CheckoutRequest.Parse(body, urls);
        await urls.CheckResolvedAsync("notify_url", request.NotifyUrl, cancellationToken);
        var checkout = new CheckoutState
        {
            Uuid = SecureIds.NewUuid(),
            OrderRef1 = request.OrderRef1,
            OrderRef2 = request.OrderRef2,
            Amount = request.Amount,
            Currency = request.Currency,
            NotifyUrl = request.NotifyUrl,
            ReturnUrl = request.ReturnUrl,
            Action = CheckoutActions.ShowIdentificationForm,
            Fields = "{}",
            ScreeningDeadline = null,
        };
        var created = new PayObject(checkout.Uuid, CheckoutKind.KindName, terminal.MerchantId, terminal.Id, checkout.Action, 1, CheckoutJson.WriteData(checkout), now, now);
        return new NewObject(created, [], CheckoutJson.Created(checkout));
    }
}
