using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Api;

public sealed class DeliveriesApiTests : IAsyncLifetime
{
    private ApiTestContext _api = null!;
    private FakeReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiTestContext.StartAsync();
        _receiver = await FakeReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    // An order whose first change has been delivered and its outcome recorded.
    private async Task<AcquiringOrder> DeliveredOrderAsync()
    {
        var order = await _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = 300, Currency = "USDT", Network = "ethereum", WebhookUrl = _receiver.UrlFor("/hook") });
        await _api.Processor.MoveOrderAsync(order.Uuid, "Pending");
        await _receiver.NextAsync();
        await _api.Merchant.WaitForDeliveriesSettledAsync();
        return order;
    }

    [Fact]
    public async Task ListDeliveriesAsync_AfterAWebhook_ShowsItSucceeded()
    {
        var order = await DeliveredOrderAsync();

        var page = await _api.Client.ListDeliveriesAsync();
        var succeeded = await _api.Client.ListDeliveriesAsync(status: "succeeded");
        var failed = await _api.Client.ListDeliveriesAsync(status: "failed");

        var delivery = Assert.Single(page.Data);
        Assert.Equal(order.Uuid, delivery.ObjectId);
        Assert.Equal("acquiring_order", delivery.ObjectKind);
        Assert.Equal(_receiver.UrlFor("/hook"), delivery.Url);
        Assert.Equal("succeeded", delivery.Status);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(204, delivery.LastStatusCode);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(delivery, Assert.Single(succeeded.Data));
        Assert.Empty(failed.Data);
    }

    [Fact]
    public async Task ListDeliveriesAsync_CursorPaging_WalksNewestFirst()
    {
        var order = await DeliveredOrderAsync();
        await _api.Processor.MoveOrderAsync(order.Uuid, "Paid");
        await _receiver.NextAsync();
        await _api.Merchant.WaitForDeliveriesSettledAsync();

        var first = await _api.Client.ListDeliveriesAsync(limit: 1);
        var second = await _api.Client.ListDeliveriesAsync(cursor: first.NextCursor, limit: 1);

        Assert.NotNull(first.NextCursor);
        Assert.NotEqual(Assert.Single(first.Data).Id, Assert.Single(second.Data).Id);
        var firstDetail = await _api.Client.GetDeliveryAsync(first.Data[0].Id);
        var secondDetail = await _api.Client.GetDeliveryAsync(second.Data[0].Id);
        Assert.Equal((3L, 2L), (firstDetail.Sequence, secondDetail.Sequence));
    }

    [Fact]
    public async Task GetDeliveryAsync_DeliveredWebhook_HasItsAttemptLog()
    {
        await DeliveredOrderAsync();
        var listed = Assert.Single((await _api.Client.ListDeliveriesAsync()).Data);

        var detail = await _api.Client.GetDeliveryAsync(listed.Id);

        Assert.Equal(listed.Id, detail.Id);
        Assert.Equal(listed.EventId, detail.EventId);
        Assert.Equal("succeeded", detail.Status);
        Assert.Equal(2, detail.Sequence);
        Assert.False(string.IsNullOrEmpty(detail.Purpose));
        Assert.Null(detail.LastError);
        var attempt = Assert.Single(detail.AttemptLog);
        Assert.Equal(204, attempt.StatusCode);
        Assert.Null(attempt.Error);
        Assert.True(attempt.DurationMs >= 0);
        Assert.False(string.IsNullOrEmpty(attempt.Node));
    }

    [Fact]
    public async Task RetryDeliveryAsync_SucceededDelivery_SendsItAgain()
    {
        await DeliveredOrderAsync();
        var listed = Assert.Single((await _api.Client.ListDeliveriesAsync()).Data);

        var retried = await _api.Client.RetryDeliveryAsync(listed.Id);
        var again = await _receiver.NextAsync();

        Assert.Equal(listed.Id, retried.Id);
        Assert.Equal("pending", retried.Status);
        Assert.Equal(listed.Id, again.Header("webhook-id"));
        await _api.Merchant.WaitForDeliveriesSettledAsync();
        Assert.Equal(2, (await _api.Client.GetDeliveryAsync(listed.Id)).AttemptLog.Count);
    }

    [Fact]
    public async Task GetDeliveryAsync_UnknownDelivery_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<PayStateException>(() => _api.Client.GetDeliveryAsync("dlv_nope"));

        Assert.Equal((404, "not_found"), (error.StatusCode, error.Code));
    }
}
