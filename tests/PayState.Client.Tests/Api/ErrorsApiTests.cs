namespace PayState.Client.Tests.Api;

public sealed class ErrorsApiTests : IAsyncLifetime
{
    private ApiTestContext _api = null!;

    public async Task InitializeAsync() => _api = await ApiTestContext.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task GetOrderAsync_WrongSecret_ThrowsInvalidSignature()
    {
        var client = _api.ClientWith(_api.Merchant.ApiKey, "sk_wrong");

        var error = await Assert.ThrowsAsync<PayStateException>(() => client.GetOrderAsync(Guid.NewGuid().ToString()));

        Assert.Equal((401, "invalid_signature"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task ListEventsAsync_WrongSecret_ThrowsInvalidSignature()
    {
        var client = _api.ClientWith(_api.Merchant.ApiKey, "sk_wrong");

        var error = await Assert.ThrowsAsync<PayStateException>(() => client.ListEventsAsync());

        Assert.Equal((401, "invalid_signature"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task GetOrderAsync_UnknownKey_ThrowsInvalidApiKey()
    {
        var client = _api.ClientWith("pk_unknown", _api.Merchant.ApiSecret);

        var error = await Assert.ThrowsAsync<PayStateException>(() => client.GetOrderAsync(Guid.NewGuid().ToString()));

        Assert.Equal((401, "invalid_api_key"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task GetOrderAsync_UnknownOrder_ThrowsNotFoundFromAcquiringEnvelope()
    {
        var error = await Assert.ThrowsAsync<PayStateException>(() => _api.Client.GetOrderAsync(Guid.NewGuid().ToString()));

        Assert.Equal((404, "not_found"), (error.StatusCode, error.Code));
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Fact]
    public async Task GetSessionAsync_UnknownSession_ThrowsNotFoundFromProblemJson()
    {
        var error = await Assert.ThrowsAsync<PayStateException>(() => _api.Client.GetSessionAsync("no-such-session"));

        Assert.Equal((404, "not_found"), (error.StatusCode, error.Code));
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Fact]
    public async Task CreateOrderAsync_NegativeAmount_ThrowsInvalidRequestWithMessage()
    {
        var error = await Assert.ThrowsAsync<PayStateException>(
            () => _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = -1, Currency = "USDT", Network = "ethereum" }));

        Assert.Equal((400, "invalid_request"), (error.StatusCode, error.Code));
        Assert.StartsWith("amount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCheckoutAsync_BadCurrency_ThrowsInvalidRequestWithMessage()
    {
        var error = await Assert.ThrowsAsync<PayStateException>(() => _api.Client.CreateCheckoutAsync(
            new CreateCheckoutRequest { Amount = 100, Currency = "euro", NotifyUrl = "http://127.0.0.1:9/ipn", ReturnUrl = "https://shop.example/" }));

        Assert.Equal((400, "invalid_request"), (error.StatusCode, error.Code));
        Assert.StartsWith("currency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NotJson_ThrowsInvalidJson()
    {
        var error = await Assert.ThrowsAsync<PayStateException>(
            () => _api.Client.SendAsync(HttpMethod.Post, "/api/v1/piv/sessions", "not json"));

        Assert.Equal((400, "invalid_json"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task MoveOrderAsync_NotAllowedMove_ThrowsInvalidTransition()
    {
        var order = await _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = 300, Currency = "USDT", Network = "ethereum" });

        var error = await Assert.ThrowsAsync<PayStateException>(() => _api.Processor.MoveOrderAsync(order.Uuid, "Expired"));

        Assert.Equal((409, "invalid_transition"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task MoveOrderAsync_WrongToken_ThrowsInvalidToken()
    {
        var processor = new PayStateProcessorClient(_api.Http, "wrong-token");

        var error = await Assert.ThrowsAsync<PayStateException>(() => processor.MoveOrderAsync(Guid.NewGuid().ToString(), "Pending"));

        Assert.Equal((401, "invalid_token"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task GetOrderAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _api.Client.GetOrderAsync(Guid.NewGuid().ToString(), cancelled.Token));
    }

    [Fact]
    public async Task WaitCheckoutAsync_CancelledDuringLongPoll_ThrowsOperationCanceled()
    {
        var created = await _api.Client.CreateCheckoutAsync(new CreateCheckoutRequest { Amount = 100, Currency = "EUR", NotifyUrl = "http://127.0.0.1:9/ipn", ReturnUrl = "https://shop.example/" });
        var first = await _api.Client.WaitCheckoutAsync(created.Uuid);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _api.Client.WaitCheckoutAsync(created.Uuid, timeoutSeconds: 30, etag: first.ETag, cancellationToken: cancel.Token));
    }
}
