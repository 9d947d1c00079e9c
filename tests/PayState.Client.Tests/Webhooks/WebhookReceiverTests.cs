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

    private Dictionary<string, string> Signed(string messageId, long sequence, byte[] body) =>
        TestWebhooks.Headers(_merchant.WebhookSecret, messageId, sequence, body, _server.Clock.GetUtcNow());

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RealDeliveries_HandledOnce_ReplaysStaleAndTamperedAreNot(string kind)
    {
        var store = await StoreKinds.CreateAsync(kind);
        var handled = new ConcurrentQueue<PayStateWebhook>();
        await using var receiver = await ReceiverApp.StartAsync(store, _server.Clock, [_merchant.WebhookSecret], TestWebhooks.Recording(handled));

        var order = await _merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = receiver.HookUrl });
        var uuid = order.GetProperty("uuid").GetString()!;
        await _server.MoveOrderAsync(uuid, "Pending");
        await TestWebhooks.WaitUntilAsync(() => receiver.Captured.Count == 1, "the Pending webhook");
        await _server.MoveOrderAsync(uuid, "Paid");
        await TestWebhooks.WaitUntilAsync(() => receiver.Captured.Count == 2, "the Paid webhook");

        var calls = handled.ToArray();
        Assert.Equal([2L, 3L], calls.Select(w => w.Sequence));
        Assert.All(calls, w => Assert.Equal(uuid, w.ObjectId));
        Assert.All(calls, w => Assert.Equal(WebhookKind.AcquiringOrder, w.Kind));
        Assert.Equal([OrderStatuses.Pending, OrderStatuses.Paid], calls.Select(w => w.Order!.Status));
        Assert.Equal(2, calls.Select(w => w.MessageId).Distinct().Count());
        var captured = receiver.Captured;
        Assert.All(captured, c => Assert.Equal(200, c.Status));
        Assert.Equal(captured[1].Body, calls[1].Body.ToArray());
        Assert.Equal((await _merchant.GetOrderAsync(uuid)).Body, calls[1].Body.ToArray());

        // Replays of the same requests: duplicates, answered 200 with what they are, handler not called.
        var replay = await receiver.SendForAnswerAsync(captured[1].Headers, captured[1].Body);
        Assert.Equal((200, $$"""{"outcome":"duplicate","message_id":"{{calls[1].MessageId}}"}"""), replay);
        Assert.Equal(200, await receiver.SendAsync(captured[0].Headers, captured[0].Body));

        // An older sequence under a new message id, after a newer one: stale.
        Assert.Equal((200, """{"outcome":"stale","message_id":"evt_stale"}"""), await receiver.SendForAnswerAsync(Signed("evt_stale", 2, captured[0].Body), captured[0].Body));
        Assert.Equal(200, await receiver.SendAsync(Signed("evt_same", 3, captured[0].Body), captured[0].Body));

        // A tampered body, a wrong secret, no signature: 401.
        var now = _server.Clock.GetUtcNow();
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(captured[1].Body).Replace("Paid", "Paie", StringComparison.Ordinal));
        var fresh = Signed("evt_new", 9, captured[1].Body);
        var refused = await receiver.SendForAnswerAsync(fresh, tampered);
        Assert.Equal(401, refused.Status);
        Assert.Contains("\"outcome\":\"refused\"", refused.Body, StringComparison.Ordinal);
        Assert.Equal(401, await receiver.SendAsync(TestWebhooks.Headers("whsec_" + Convert.ToBase64String(new byte[24]), "evt_new", 9, captured[1].Body, now), captured[1].Body));
        Assert.Equal(401, await receiver.SendAsync(new Dictionary<string, string> { ["PayState-Sequence"] = "9" }, captured[1].Body));
        // Too old a timestamp, though correctly signed.
        Assert.Equal(401, await receiver.SendAsync(TestWebhooks.Headers(_merchant.WebhookSecret, "evt_new", 9, captured[1].Body, now.AddMinutes(-6)), captured[1].Body));

        Assert.Equal(2, handled.Count);
        Assert.Equal(3, await store.LastSequenceAsync(uuid, WebhookKind.AcquiringOrder, CancellationToken.None));
        Assert.Null(await store.RecordedStatusCodeAsync("evt_new", WebhookKind.AcquiringOrder, CancellationToken.None));

        // The same request untampered is new and newer: handled.
        Assert.Equal((200, """{"outcome":"processed","message_id":"evt_new"}"""), await receiver.SendForAnswerAsync(fresh, captured[1].Body));
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
            return Task.FromResult(WebhookResult.Processed);
        });

        var order = await _merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = receiver.HookUrl });
        var uuid = order.GetProperty("uuid").GetString()!;
        await _server.MoveOrderAsync(uuid, "Pending");
        await TestWebhooks.WaitUntilAsync(() => receiver.Captured.Count == 1, "the first attempt");
        Assert.Equal(500, receiver.Captured[0].Status);
        var messageId = receiver.Captured[0].Headers["webhook-id"];
        Assert.Null(await store.RecordedStatusCodeAsync(messageId, WebhookKind.AcquiringOrder, CancellationToken.None));
        Assert.Null(await store.LastSequenceAsync(uuid, WebhookKind.AcquiringOrder, CancellationToken.None));

        // Sandbox retries after 1 s (+ up to 20 % jitter) on the server's clock.
        await _merchant.WaitForDeliveriesSettledAsync();
        _server.Clock.Advance(TimeSpan.FromSeconds(1.3));
        await TestWebhooks.WaitUntilAsync(() => receiver.Captured.Count == 2, "the retry");

        Assert.Equal(200, receiver.Captured[1].Status);
        Assert.Equal(messageId, receiver.Captured[1].Headers["webhook-id"]);
        Assert.Equal(messageId, Assert.Single(handled).MessageId);
        Assert.Equal(200, await store.RecordedStatusCodeAsync(messageId, WebhookKind.AcquiringOrder, CancellationToken.None));
        Assert.Equal(2, await store.LastSequenceAsync(uuid, WebhookKind.AcquiringOrder, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ConcurrentDeliveriesForOneObject_OnlyOnePassesTheSequenceCheck(string kind)
    {
        var store = await StoreKinds.CreateAsync(kind);
        var handled = new ConcurrentQueue<PayStateWebhook>();
        await using var receiver = await ReceiverApp.StartAsync(store, _server.Clock, [_merchant.WebhookSecret], async (w, c) =>
        {
            handled.Enqueue(w);
            // A handler slow on purpose: the behaviour under test is what happens while it runs.
            await Task.Delay(50, c.CancellationToken);
            return WebhookResult.Processed;
        });

        var body = TestWebhooks.OrderBody("ord_1", OrderStatuses.Pending);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => receiver.SendForAnswerAsync(Signed($"evt_{i}", 2, body), body)));

        Assert.Single(handled);
        Assert.Equal(1, answers.Count(a => a.Body.Contains("processed", StringComparison.Ordinal)));
        Assert.Equal(5, answers.Count(a => a.Body.Contains("stale", StringComparison.Ordinal)));
        Assert.All(answers, a => Assert.Equal(200, a.Status));
    }

    [Fact]
    public async Task PaysafeSignature_WhenPresent_MustVerifyToo()
    {
        var handled = new ConcurrentQueue<PayStateWebhook>();
        await using var receiver = await ReceiverApp.StartAsync(new InMemoryWebhookStateStore(), _server.Clock, [_merchant.WebhookSecret], TestWebhooks.Recording(handled));
        var body = Encoding.UTF8.GetBytes("""{"id":"evt_1","sessionId":"ses_1","customerId":"c-1","sessionStatus":"ONGOING_VERIFICATION","timestamp":"2026-01-01T12:00:00.000000Z"}""");
        var now = _server.Clock.GetUtcNow();

        var wrong = TestWebhooks.Headers(_merchant.WebhookSecret, "evt_1", 2, body, now, paysafe: true);
        wrong["Signature"] = Convert.ToBase64String(new byte[32]);
        Assert.Equal(401, await receiver.SendAsync(wrong, body));
        Assert.Empty(handled);

        Assert.Equal(200, await receiver.SendAsync(TestWebhooks.Headers(_merchant.WebhookSecret, "evt_1", 2, body, now, paysafe: true), body));
        var webhook = Assert.Single(handled);
        Assert.Equal(WebhookKind.VerificationEvent, webhook.Kind);
        Assert.Equal("ses_1", webhook.ObjectId);
        Assert.Equal((SessionStatuses.OngoingVerification, "c-1"), (webhook.VerificationEvent!.SessionStatus, webhook.VerificationEvent.CustomerId));
        Assert.Null(webhook.Order);
    }

    [Fact]
    public async Task EveryKind_ReadsAsItsTypedRecord_AndWhatIsNoneIs400()
    {
        var handled = new ConcurrentQueue<PayStateWebhook>();
        await using var receiver = await ReceiverApp.StartAsync(new InMemoryWebhookStateStore(), _server.Clock, [_merchant.WebhookSecret], TestWebhooks.Recording(handled));
        var identification = Encoding.UTF8.GetBytes(
            """{"event":"identification_action","action":"finish","return_url":"https://shop.example/thanks","order_ref":"chk_1","order_ref_1":"a","order_ref_2":null,"shop":"eu"}""");
        var ipn = TestWebhooks.IpnBody("chk_2", IpnStates.OnHold);
        var order = TestWebhooks.OrderBody("ord_1", OrderStatuses.Paid);
        var unknown = Encoding.UTF8.GetBytes("""{"hello":"world"}""");
        var incomplete = Encoding.UTF8.GetBytes("""{"success":true,"data":{"uuid":"ord_2","status":"Paid"}}""");

        Assert.Equal(200, await receiver.SendAsync(Signed("evt_1", 2, identification), identification));
        Assert.Equal(200, await receiver.SendAsync(Signed("evt_2", 2, ipn), ipn));
        Assert.Equal(200, await receiver.SendAsync(Signed("evt_3", 2, order), order));
        Assert.Equal((400, """{"outcome":"refused","error":"the body is not a PayState message"}"""), await receiver.SendForAnswerAsync(Signed("evt_4", 2, unknown), unknown));
        Assert.Equal(400, await receiver.SendAsync(Signed("evt_5", 2, incomplete), incomplete));
        var noSequence = Signed("evt_6", 2, ipn);
        noSequence.Remove("PayState-Sequence");
        Assert.Equal(400, await receiver.SendAsync(noSequence, ipn));

        var (identified, notified, ordered) = (handled.ElementAt(0), handled.ElementAt(1), handled.ElementAt(2));
        Assert.Equal((WebhookKind.IdentificationEvent, "chk_1"), (identified.Kind, identified.ObjectId));
        Assert.Equal((CheckoutActions.Finish, "a", null), (identified.IdentificationEvent!.Action, identified.IdentificationEvent.OrderRef1, identified.IdentificationEvent.OrderRef2));
        Assert.Equal("https://shop.example/thanks", identified.IdentificationEvent.Fields["return_url"].GetString());
        Assert.Equal("eu", identified.IdentificationEvent.Fields["shop"].GetString());
        Assert.Equal((WebhookKind.Ipn, "chk_2", IpnStates.OnHold), (notified.Kind, notified.ObjectId, notified.Ipn!.State));
        Assert.Null(notified.IdentificationEvent);
        Assert.Equal((WebhookKind.AcquiringOrder, "ord_1", OrderStatuses.Paid), (ordered.Kind, ordered.ObjectId, ordered.Order!.Status));
    }
}
