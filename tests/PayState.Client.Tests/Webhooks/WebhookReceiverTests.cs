using System.Collections.Concurrent;
using System.Text;
using PayState.Client.Webhooks;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Webhooks;

// The receiver fed by the real PayState server, then by replayed, stale and tampered requests.
public sealed class WebhookReceiverTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public static TheoryData<string> Stores => StoreKinds.All;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RealDeliveries_HandledOnce_ReplaysStaleAndTamperedAreNot(string kind)
    {
        var store = await StoreKinds.CreateAsync(kind);
        var handled = new ConcurrentQueue<PayStateWebhook>();
        await using var receiver = await ReceiverApp.StartAsync(store, _server.Clock, [_merchant.WebhookSecret], (w, _) =>
        {
            handled.Enqueue(w);
            return Task.CompletedTask;
        });

        var order = await _merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = receiver.HookUrl });
        var uuid = order.GetProperty("uuid").GetString()!;
        await _server.MoveOrderAsync(uuid, "Pending");
        await TestWebhooks.WaitUntilAsync(() => receiver.Captured.Count == 1, "the Pending webhook");
        await _server.MoveOrderAsync(uuid, "Paid");
        await TestWebhooks.WaitUntilAsync(() => receiver.Captured.Count == 2, "the Paid webhook");

        var calls = handled.ToArray();
        Assert.Equal([2, 3], calls.Select(w => w.Sequence));
        Assert.All(calls, w => Assert.Equal(uuid, w.ObjectId));
        Assert.All(calls, w => Assert.Equal(WebhookKind.AcquiringOrder, w.Kind));
        Assert.Equal(["Pending", "Paid"], calls.Select(w => w.Payload.GetProperty("data").GetProperty("status").GetString()));
        Assert.Equal(2, calls.Select(w => w.EventId).Distinct().Count());
        var captured = receiver.Captured;
        Assert.All(captured, c => Assert.Equal(204, c.Status));
        Assert.Equal(captured[1].Body, calls[1].Body.ToArray());
        Assert.Equal((await _merchant.GetOrderAsync(uuid)).Body, calls[1].Body.ToArray());

        // Replays of the same requests: duplicates, answered 2xx, handler not called.
        Assert.Equal(200, await receiver.SendAsync(captured[1].Headers, captured[1].Body));
        Assert.Equal(200, await receiver.SendAsync(captured[0].Headers, captured[0].Body));

        // An older sequence under a new event id, after a newer one: stale.
        var now = _server.Clock.GetUtcNow();
        Assert.Equal(200, await receiver.SendAsync(TestWebhooks.Headers(_merchant.WebhookSecret, "evt_stale", 2, captured[0].Body, now), captured[0].Body));
        Assert.Equal(200, await receiver.SendAsync(TestWebhooks.Headers(_merchant.WebhookSecret, "evt_same", 3, captured[0].Body, now), captured[0].Body));

        // A tampered body, a wrong secret, no signature: 401.
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(captured[1].Body).Replace("Paid", "Paie", StringComparison.Ordinal));
        var fresh = TestWebhooks.Headers(_merchant.WebhookSecret, "evt_new", 9, captured[1].Body, now);
        Assert.Equal(401, await receiver.SendAsync(fresh, tampered));
        Assert.Equal(401, await receiver.SendAsync(TestWebhooks.Headers("whsec_" + Convert.ToBase64String(new byte[24]), "evt_new", 9, captured[1].Body, now), captured[1].Body));
        Assert.Equal(401, await receiver.SendAsync(new Dictionary<string, string> { ["PayState-Sequence"] = "9" }, captured[1].Body));
        // Too old a timestamp, though correctly signed.
        Assert.Equal(401, await receiver.SendAsync(TestWebhooks.Headers(_merchant.WebhookSecret, "evt_new", 9, captured[1].Body, now.AddMinutes(-6)), captured[1].Body));

        Assert.Equal(2, handled.Count);
        Assert.Equal(3, await store.LastSequenceAsync(uuid, CancellationToken.None));
        Assert.False(await store.IsProcessedAsync("evt_new", CancellationToken.None));

        // The same request untampered is new and newer: handled.
        Assert.Equal(204, await receiver.SendAsync(fresh, captured[1].Body));
        Assert.Equal(3, handled.Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task HandlerThrows_Answers500_AndTheRetryIsProcessed(string kind)
    {
        var store = await StoreKinds.CreateAsync(kind);
        var attempts = 0;
        var handled = new ConcurrentQueue<PayStateWebhook>();
        await using var receiver = await ReceiverApp.StartAsync(store, _server.Clock, [_merchant.WebhookSecret], (w, _) =>
        {
            if (Interlocked.Increment(ref attempts) == 1) throw new InvalidOperationException("database down");
            handled.Enqueue(w);
            return Task.CompletedTask;
        });

        var order = await _merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = receiver.HookUrl });
        var uuid = order.GetProperty("uuid").GetString()!;
        await _server.MoveOrderAsync(uuid, "Pending");
        await TestWebhooks.WaitUntilAsync(() => receiver.Captured.Count == 1, "the first attempt");
        Assert.Equal(500, receiver.Captured[0].Status);
        var eventId = receiver.Captured[0].Headers["webhook-id"];
        Assert.False(await store.IsProcessedAsync(eventId, CancellationToken.None));
        Assert.Null(await store.LastSequenceAsync(uuid, CancellationToken.None));

        // Sandbox retries after 1 s (+ up to 20 % jitter) on the server's clock.
        await _merchant.WaitForDeliveriesSettledAsync();
        _server.Clock.Advance(TimeSpan.FromSeconds(1.3));
        await TestWebhooks.WaitUntilAsync(() => receiver.Captured.Count == 2, "the retry");

        Assert.Equal(204, receiver.Captured[1].Status);
        Assert.Equal(eventId, receiver.Captured[1].Headers["webhook-id"]);
        Assert.Equal(eventId, Assert.Single(handled).EventId);
        Assert.True(await store.IsProcessedAsync(eventId, CancellationToken.None));
        Assert.Equal(2, await store.LastSequenceAsync(uuid, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ConcurrentDeliveriesForOneObject_OnlyOnePassesTheSequenceCheck(string kind)
    {
        var store = await StoreKinds.CreateAsync(kind);
        var handled = new ConcurrentQueue<PayStateWebhook>();
        await using var receiver = await ReceiverApp.StartAsync(store, _server.Clock, [_merchant.WebhookSecret], async (w, ct) =>
        {
            handled.Enqueue(w);
            await Task.Delay(100, ct);
        });

        var body = TestWebhooks.OrderBody("ord_1", "Pending");
        var now = _server.Clock.GetUtcNow();
        var answers = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => receiver.SendAsync(TestWebhooks.Headers(_merchant.WebhookSecret, $"evt_{i}", 2, body, now), body)));

        Assert.Single(handled);
        Assert.Equal(1, answers.Count(a => a == 204));
        Assert.Equal(5, answers.Count(a => a == 200));
    }

    [Fact]
    public async Task PaysafeSignature_WhenPresent_MustVerifyToo()
    {
        var handled = new ConcurrentQueue<PayStateWebhook>();
        await using var receiver = await ReceiverApp.StartAsync(new InMemoryWebhookStateStore(), _server.Clock, [_merchant.WebhookSecret], (w, _) =>
        {
            handled.Enqueue(w);
            return Task.CompletedTask;
        });
        var body = Encoding.UTF8.GetBytes("""{"id":"evt_1","sessionId":"ses_1","customerId":"c-1","sessionStatus":"ONGOING_VERIFICATION","timestamp":"2026-01-01T12:00:00.000000Z"}""");
        var now = _server.Clock.GetUtcNow();

        var wrong = TestWebhooks.Headers(_merchant.WebhookSecret, "evt_1", 2, body, now, paysafe: true);
        wrong["Signature"] = Convert.ToBase64String(new byte[32]);
        Assert.Equal(401, await receiver.SendAsync(wrong, body));
        Assert.Empty(handled);

        Assert.Equal(204, await receiver.SendAsync(TestWebhooks.Headers(_merchant.WebhookSecret, "evt_1", 2, body, now, paysafe: true), body));
        var webhook = Assert.Single(handled);
        Assert.Equal(WebhookKind.VerificationEvent, webhook.Kind);
        Assert.Equal("ses_1", webhook.ObjectId);
    }

    [Fact]
    public async Task CheckoutBodies_AreDetected()
    {
        var handled = new ConcurrentQueue<PayStateWebhook>();
        await using var receiver = await ReceiverApp.StartAsync(new InMemoryWebhookStateStore(), _server.Clock, [_merchant.WebhookSecret], (w, _) =>
        {
            handled.Enqueue(w);
            return Task.CompletedTask;
        });
        var now = _server.Clock.GetUtcNow();
        var identification = Encoding.UTF8.GetBytes("""{"event":"identification_action","action":"reject","order_ref":"chk_1","order_ref_1":"a","order_ref_2":"b"}""");
        var ipn = Encoding.UTF8.GetBytes("""{"order_ref":"chk_2","order_ref_1":"a","order_ref_2":"b","state":"approved"}""");
        var unknown = Encoding.UTF8.GetBytes("""{"hello":"world"}""");

        Assert.Equal(204, await receiver.SendAsync(TestWebhooks.Headers(_merchant.WebhookSecret, "evt_1", 2, identification, now), identification));
        Assert.Equal(204, await receiver.SendAsync(TestWebhooks.Headers(_merchant.WebhookSecret, "evt_2", 2, ipn, now), ipn));
        Assert.Equal(400, await receiver.SendAsync(TestWebhooks.Headers(_merchant.WebhookSecret, "evt_3", 2, unknown, now), unknown));
        var noSequence = TestWebhooks.Headers(_merchant.WebhookSecret, "evt_4", 2, ipn, now);
        noSequence.Remove("PayState-Sequence");
        Assert.Equal(400, await receiver.SendAsync(noSequence, ipn));

        Assert.Equal([(WebhookKind.IdentificationEvent, "chk_1"), (WebhookKind.Ipn, "chk_2")], handled.Select(w => (w.Kind, w.ObjectId)));
    }
}
