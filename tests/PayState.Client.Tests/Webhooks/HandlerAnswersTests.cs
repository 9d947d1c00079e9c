using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PayState.Client.AspNetCore;
using PayState.Client.Webhooks;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Webhooks;

// What a handler can answer (processed, an IPN's conflict, retry later), and what it is given (HttpContext, scoped services).
public sealed class HandlerAnswersTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;
    private HttpClient _http = null!;

    public static TheoryData<string> Stores => StoreKinds.All;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _merchant = await _server.CreateMerchantAsync();
        _http = new HttpClient { BaseAddress = _server.BaseUri };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Dictionary<string, string> Signed(string messageId, long sequence, byte[] body) =>
        TestWebhooks.Headers(_merchant.WebhookSecret, messageId, sequence, body, _server.Clock.GetUtcNow());

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task IpnAnsweredConflict_CheckoutShowsConflict_AndAResendGetsTheSameAnswer(string kind)
    {
        var store = await StoreKinds.CreateAsync(kind);
        var handled = new ConcurrentQueue<PayStateWebhook>();
        await using var receiver = await ReceiverApp.StartAsync(store, _server.Clock, [_merchant.WebhookSecret], (webhook, _) =>
        {
            handled.Enqueue(webhook);
            return Task.FromResult(WebhookResult.Conflict(410));
        });
        var client = new PayStateClient(_http, new PayStateCredentials(_merchant.ApiKey, _merchant.ApiSecret), _server.Clock);
        var checkout = await client.CreateCheckoutAsync(new CreateCheckoutRequest
        {
            Amount = 12000, Currency = "EUR", NotifyUrl = receiver.HookUrl, ReturnUrl = "https://shop.example/thanks",
        });

        await new PayStateProcessorClient(_http, TestServer.ProcessorToken).ApproveCheckoutAsync(checkout.Uuid);
        await TestWebhooks.WaitUntilAsync(() => client.WaitCheckoutAsync(checkout.Uuid).GetAwaiter().GetResult().Action == CheckoutActions.ShowConflict,
            "the checkout to show_conflict");
        var ipn = Assert.Single(handled);
        Assert.Equal(WebhookKind.Ipn, ipn.Kind);
        Assert.Equal(410, await store.RecordedStatusCodeAsync(ipn.MessageId, WebhookKind.Ipn, CancellationToken.None));

        var delivery = Assert.Single((await client.ListDeliveriesAsync()).Data, d => d.ObjectId == checkout.Uuid);
        Assert.Equal((DeliveryStatuses.Dead, 410), (delivery.Status, delivery.LastStatusCode));
        var attemptsBefore = (await client.GetDeliveryAsync(delivery.Id)).AttemptLog.Count;
        await client.RetryDeliveryAsync(delivery.Id);
        await TestWebhooks.WaitUntilAsync(() => receiver.Captured.Count == 2, "the resent IPN");
        // The receiver has answered; the server records the attempt after reading that answer.
        await TestWebhooks.WaitUntilAsync(async () => (await client.GetDeliveryAsync(delivery.Id)).AttemptLog.Count > attemptsBefore, "the resent IPN's attempt recorded");

        Assert.Equal(410, receiver.Captured[1].Status);
        Assert.Single(handled);
        var attempt = (await client.GetDeliveryAsync(delivery.Id)).AttemptLog[^1];
        Assert.Equal($$"""{"outcome":"duplicate","message_id":"{{ipn.MessageId}}"}""", attempt.ResponseBody);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RetryLater_Answers503WithRetryAfter_AndRecordsNothing(string kind)
    {
        var store = await StoreKinds.CreateAsync(kind);
        var calls = 0;
        await using var receiver = await ReceiverApp.StartAsync(store, _server.Clock, [_merchant.WebhookSecret], (_, _) =>
            Task.FromResult(Interlocked.Increment(ref calls) == 1 ? WebhookResult.RetryLater(TimeSpan.FromSeconds(90)) : WebhookResult.Processed));
        var body = TestWebhooks.OrderBody("ord_1", OrderStatuses.Paid);

        using var request = new HttpRequestMessage(HttpMethod.Post, receiver.HookUrl) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in Signed("evt_1", 3, body)) request.Headers.TryAddWithoutValidation(name, value);
        using var first = await receiver.Http.SendAsync(request);

        Assert.Equal(503, (int)first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(90), first.Headers.RetryAfter?.Delta);
        Assert.Equal("""{"outcome":"retry_later","message_id":"evt_1"}""", await first.Content.ReadAsStringAsync());
        Assert.Null(await store.RecordedStatusCodeAsync("evt_1", WebhookKind.AcquiringOrder, CancellationToken.None));
        Assert.Null(await store.LastSequenceAsync("ord_1", WebhookKind.AcquiringOrder, CancellationToken.None));

        Assert.Equal(200, await receiver.SendAsync(Signed("evt_1", 3, body), body));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task ConflictToAnythingButAnIpn_Answers500AndRecordsNothing()
    {
        var store = new InMemoryWebhookStateStore();
        await using var receiver = await ReceiverApp.StartAsync(store, _server.Clock, [_merchant.WebhookSecret], (_, _) => Task.FromResult(WebhookResult.Conflict()));
        var body = TestWebhooks.OrderBody("ord_1", OrderStatuses.Paid);

        Assert.Equal(500, await receiver.SendAsync(Signed("evt_1", 3, body), body));
        Assert.Null(await store.RecordedStatusCodeAsync("evt_1", WebhookKind.AcquiringOrder, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookResult.Conflict(400));
    }

    [Fact]
    public async Task RegisteredHandler_IsResolvedFromTheRequestScope_WithTheHttpContext()
    {
        await using var receiver = await ReceiverApp.StartAsync(new InMemoryWebhookStateStore(), _server.Clock, [_merchant.WebhookSecret], handler: null,
            services: s => s.AddScoped<RequestLog>().AddScoped<IPayStateWebhookHandler, LoggingHandler>());
        var body = TestWebhooks.IpnBody("chk_1");

        Assert.Equal(200, await receiver.SendAsync(Signed("evt_1", 2, body), body));

        var seen = Assert.Single(LoggingHandler.Seen);
        Assert.Equal(("/hooks", "chk_1", true), seen);
    }

    [Fact]
    public async Task WebhookSecretRotatedInConfiguration_VerifiesUnderTheNewOneWithoutRestart()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PayState:WebhookSecrets:0"] = _merchant.WebhookSecret,
        }).Build();
        await using var receiver = await ReceiverApp.StartAsync(new InMemoryWebhookStateStore(), _server.Clock, [], TestWebhooks.Recording(new()),
            configuration: configuration.GetSection("PayState"));
        const string rotated = "whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXkh";
        var body = TestWebhooks.OrderBody("ord_1", OrderStatuses.Paid);
        var underNew = TestWebhooks.Headers(rotated, "evt_1", 3, body, _server.Clock.GetUtcNow());
        Assert.Equal(401, await receiver.SendAsync(underNew, body));

        configuration["PayState:WebhookSecrets:0"] = rotated;
        configuration.Reload();

        Assert.Equal(200, await receiver.SendAsync(underNew, body));
        Assert.Equal([rotated], receiver.Services.GetRequiredService<IOptionsMonitor<PayStateClientOptions>>().CurrentValue.WebhookSecrets);
    }

    private sealed class RequestLog
    {
        public HttpContext? Http { get; set; }
    }

    // Takes a scoped service, as a handler with a DbContext would; a middleware-free check that it is the request's scope.
    private sealed class LoggingHandler(RequestLog log) : IPayStateWebhookHandler
    {
        public static ConcurrentQueue<(string Path, string ObjectId, bool SameScope)> Seen { get; } = new();

        public Task<WebhookResult> HandleAsync(PayStateWebhook webhook, PayStateWebhookContext context)
        {
            var http = context.HttpContext!;
            log.Http = http;
            Seen.Enqueue((http.Request.Path.Value!, webhook.ObjectId, ReferenceEquals(http.RequestServices.GetRequiredService<RequestLog>(), log)));
            return Task.FromResult(WebhookResult.Processed);
        }
    }
}
