using System.Numerics;
using System.Text.Json;

namespace PayState.Client.Tests.Api;

public sealed class OrdersApiTests : IAsyncLifetime
{
    private ApiTestContext _api = null!;

    public async Task InitializeAsync() => _api = await ApiTestContext.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task CreateOrderAsync_AllFields_ReturnsTheOrder()
    {
        using var data = JsonDocument.Parse("""{"key":"value"}""");
        var order = await _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = 300, Currency = "USDT", Network = "ethereum", ExternalOrderId = "o-1", ExternalClientId = "c-1", ExternalData = data.RootElement, IsTest = true, ExpiresIn = 600 });

        Assert.Equal(300, order.Amount);
        Assert.Equal(_api.Merchant.TerminalUuid, order.TerminalUuid);
        Assert.Equal(new OrderCurrency { TokenAddress = "0xdAC17F958D2ee523a2206206994597C13D831ec7", Name = "Tether USD", Symbol = "USDT", Decimals = 6 }, order.Currency);
        Assert.Equal("ethereum", order.Wallet.Network);
        Assert.StartsWith("0x", order.Wallet.WalletAddress, StringComparison.Ordinal);
        Assert.Equal("o-1", order.ExternalOrderId);
        Assert.Equal("c-1", order.ExternalClientId);
        Assert.Equal("value", order.ExternalData!.Value.GetProperty("key").GetString());
        Assert.Equal((1, "Created"), (order.StatusId, order.Status));
        Assert.Null(order.WebhookUrl);
        Assert.True(order.IsTest);
        Assert.Equal(_api.Server.Clock.GetUtcNow(), order.CreatedAt);
        Assert.Equal(order.CreatedAt.AddSeconds(600), order.ExpiredAt);
        Assert.Null(order.TransactionEndAt);
    }

    [Fact]
    public async Task CreateOrderAsync_OnlyRequiredFields_LeavesOptionalOnesUnset()
    {
        var order = await _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = 1, Currency = "TRX", Network = "tron" });

        Assert.Null(order.Currency.TokenAddress);
        Assert.Null(order.ExternalData);
        Assert.Null(order.ExternalOrderId);
        Assert.False(order.IsTest);
        Assert.Equal(order.CreatedAt.AddSeconds(1800), order.ExpiredAt);
    }

    [Fact]
    public async Task GetOrderAsync_AmountOf2To200_RoundTripsExactly()
    {
        var amount = BigInteger.Pow(2, 200);
        var created = await _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = amount, Currency = "ETH", Network = "ethereum" });

        var read = await _api.Client.GetOrderAsync(created.Uuid);

        Assert.Equal(amount, created.Amount);
        Assert.Equal(amount, read.Amount);
        Assert.Equal("1606938044258990275541962092341162602522202993782792835301376", read.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task GetOrderAsync_AfterProcessorMoves_ShowsPaidWithEndTime()
    {
        var created = await _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = 300, Currency = "USDT", Network = "tron" });
        var moved = await _api.Processor.MoveOrderAsync(created.Uuid, "Pending");
        await _api.Processor.MoveOrderAsync(created.Uuid, "Paid");

        var read = await _api.Client.GetOrderAsync(created.Uuid);

        Assert.Equal(200, moved.StatusCode);
        Assert.Contains("\"status\":\"Pending\"", moved.Body, StringComparison.Ordinal);
        Assert.Equal((3, "Paid"), (read.StatusId, read.Status));
        Assert.NotNull(read.TransactionEndAt);
    }

    [Fact]
    public async Task CreateOrderAsync_SameIdempotencyKey_ReturnsTheSameUuid()
    {
        var request = new CreateOrderRequest { Amount = 300, Currency = "USDT", Network = "ethereum" };

        var first = await _api.Client.CreateOrderAsync(request, idempotencyKey: "key-1");
        var second = await _api.Client.CreateOrderAsync(request, idempotencyKey: "key-1");
        // The key is not signed: the same body in the same second under another key is the same request, a replay.
        _api.Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var other = await _api.Client.CreateOrderAsync(request, idempotencyKey: "key-2");

        Assert.Equal(first.Uuid, second.Uuid);
        Assert.NotEqual(first.Uuid, other.Uuid);
    }

    [Fact]
    public async Task CreateOrderAsync_SameKeyOtherBody_ThrowsIdempotencyKeyReused()
    {
        await _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = 300, Currency = "USDT", Network = "ethereum" }, idempotencyKey: "key-1");

        var error = await Assert.ThrowsAsync<PayStateException>(
            () => _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = 301, Currency = "USDT", Network = "ethereum" }, idempotencyKey: "key-1"));

        Assert.Equal((422, "idempotency_key_reused"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task SendAsync_RawOrderRequest_ReturnsTheServerTextUnchanged()
    {
        var created = await _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = 300, Currency = "USDT", Network = "ethereum" });

        var response = await _api.Client.SendAsync(HttpMethod.Get, $"/api/public/v1/acquiring/order/{created.Uuid}");
        var (_, expected) = await _api.Merchant.GetOrderAsync(created.Uuid);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), response.Body);
    }
}
