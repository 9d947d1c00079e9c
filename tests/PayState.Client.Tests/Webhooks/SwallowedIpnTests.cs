using System.Collections.Concurrent;
using PayState.Client.Webhooks;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Webhooks;

// An approve makes one event that reaches the merchant three ways: the IPN, the identification event, the events API.
// Deduplicating on the event id alone let whichever came first swallow the IPN; these reproduce both ways it happened.
public sealed class SwallowedIpnTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _http = null!;

    public static TheoryData<string> Stores => StoreKinds.All;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _http = new HttpClient { BaseAddress = _server.BaseUri };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private PayStateClient Client(MerchantClient merchant) =>
        new(_http, new PayStateCredentials(merchant.ApiKey, merchant.ApiSecret), _server.Clock);

    private async Task<string> ApprovedCheckoutAsync(MerchantClient merchant, string notifyUrl)
    {
        var checkout = await Client(merchant).CreateCheckoutAsync(new CreateCheckoutRequest
        {
            OrderRef1 = "cart-1", Amount = 12000, Currency = "EUR", NotifyUrl = notifyUrl, ReturnUrl = "https://shop.example/thanks",
        });
        await new PayStateProcessorClient(_http, TestServer.ProcessorToken).ApproveCheckoutAsync(checkout.Uuid);
        return checkout.Uuid;
    }

    private async Task WaitForActionAsync(MerchantClient merchant, string uuid, string action) =>
        await TestWebhooks.WaitUntilAsync(() => Client(merchant).WaitCheckoutAsync(uuid).GetAwaiter().GetResult().Action == action, $"the checkout to {action}");

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task IdentificationEventRecordedFirst_TheIpnRetryStillReachesTheHandler_AndTheCheckoutFinishes(string kind)
    {
        var store = await StoreKinds.CreateAsync(kind);
        var handled = new ConcurrentQueue<PayStateWebhook>();
        var ipnAttempts = 0;
        var merchant = await _server.CreateMerchantAsync();
        await using var receiver = await ReceiverApp.StartAsync(store, _server.Clock, [merchant.WebhookSecret], (webhook, _) =>
        {
            // The app is busy the first time the IPN comes: it answers 500, so the identification event is recorded first.
            if (webhook.Kind == WebhookKind.Ipn && Interlocked.Increment(ref ipnAttempts) == 1) throw new InvalidOperationException("busy");
            handled.Enqueue(webhook);
            return Task.FromResult(WebhookResult.Processed);
        });
        using var events = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{merchant.MerchantId}",
            $$"""{"send_action_events_in_identification":true,"events_webhook":"{{receiver.HookUrl}}"}""");
        events.EnsureSuccessStatusCode();

        // The IPN and the identification event go to one URL, as the merchant had them.
        var uuid = await ApprovedCheckoutAsync(merchant, receiver.HookUrl);
        await TestWebhooks.WaitUntilAsync(() => receiver.Captured.Count == 2, "the IPN's first attempt and the identification event");
        await merchant.WaitForDeliveriesSettledAsync();
        _server.Clock.Advance(TimeSpan.FromSeconds(1.3));
        await WaitForActionAsync(merchant, uuid, CheckoutActions.Finish);
        await TestWebhooks.WaitUntilAsync(() => handled.Count == 3, "the IPN and the wait_for_confirmation and finish events");

        var ipn = Assert.Single(handled, w => w.Kind == WebhookKind.Ipn);
        Assert.Equal((uuid, IpnStates.Approved, "cart-1"), (ipn.ObjectId, ipn.Ipn!.State, ipn.Ipn.OrderRef1));
        Assert.Equal([CheckoutActions.Finish, CheckoutActions.WaitForConfirmation],
            handled.Where(w => w.Kind == WebhookKind.IdentificationEvent).Select(w => w.IdentificationEvent!.Action).Order());
        Assert.Equal(ipn.Sequence, handled.First(w => w.IdentificationEvent?.Action == CheckoutActions.WaitForConfirmation).Sequence);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ReconcilerRecordedTheApproveFirst_TheIpnRetryStillReachesTheHandler(string kind)
    {
        var store = await StoreKinds.CreateAsync(kind);
        var handled = new ConcurrentQueue<PayStateWebhook>();
        var ipnAttempts = 0;
        PayStateWebhookHandler handler = (webhook, _) =>
        {
            // The app is busy the first time the IPN comes: it answers 500, PayState retries.
            if (webhook.Kind == WebhookKind.Ipn && Interlocked.Increment(ref ipnAttempts) == 1) throw new InvalidOperationException("busy");
            handled.Enqueue(webhook);
            return Task.FromResult(WebhookResult.Processed);
        };
        var merchant = await _server.CreateMerchantAsync();
        await using var receiver = await ReceiverApp.StartAsync(store, _server.Clock, [merchant.WebhookSecret], handler);
        await using var worker = ReconcilerHost.Create(_server, merchant, store, handler);

        var uuid = await ApprovedCheckoutAsync(merchant, receiver.HookUrl);
        await TestWebhooks.WaitUntilAsync(() => receiver.Captured.Count == 1, "the IPN's first attempt");
        Assert.Equal(500, receiver.Captured[0].Status);

        // The reconciler reads the approve's event (its payload is the identification event) and records it.
        Assert.Equal(1, await worker.Reconciler.RunOnceAsync(CancellationToken.None));
        Assert.Contains(handled, w => w.Kind == WebhookKind.IdentificationEvent && w.IdentificationEvent!.Action == CheckoutActions.WaitForConfirmation);
        Assert.DoesNotContain(handled, w => w.Kind == WebhookKind.Ipn);

        await merchant.WaitForDeliveriesSettledAsync();
        _server.Clock.Advance(TimeSpan.FromSeconds(1.3));
        await TestWebhooks.WaitUntilAsync(() => receiver.Captured.Count == 2, "the IPN's retry");

        Assert.Equal(200, receiver.Captured[1].Status);
        var ipn = Assert.Single(handled, w => w.Kind == WebhookKind.Ipn);
        Assert.Equal(uuid, ipn.ObjectId);
        await WaitForActionAsync(merchant, uuid, CheckoutActions.Finish);
    }
}
