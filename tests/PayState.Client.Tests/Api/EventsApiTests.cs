namespace PayState.Client.Tests.Api;

public sealed class EventsApiTests : IAsyncLifetime
{
    private ApiTestContext _api = null!;

    public async Task InitializeAsync() => _api = await ApiTestContext.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task ListEventsAsync_NoEvents_AnswersEmptyPageWithoutCursor()
    {
        var page = await _api.Client.ListEventsAsync();

        Assert.Empty(page.Data);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task ListEventsAsync_PagingWithCursor_SeesEveryChangeInOrder()
    {
        var order = await _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = 300, Currency = "USDT", Network = "ethereum" });
        await _api.Processor.MoveOrderAsync(order.Uuid, "Pending");
        await _api.Processor.MoveOrderAsync(order.Uuid, "Paid");

        var events = new List<Event>();
        string? cursor = null;
        for (var i = 0; i < 10; i++)
        {
            var page = await _api.Client.ListEventsAsync(cursor, limit: 1);
            Assert.True(page.Data.Count <= 1);
            Assert.NotNull(page.NextCursor);
            events.AddRange(page.Data);
            if (page.Data.Count == 0)
            {
                // An empty page hands back the cursor sent, so a poller keeps calling with it.
                Assert.Equal(cursor, page.NextCursor);
                break;
            }
            cursor = page.NextCursor;
        }

        var orderEvents = events.Where(e => e.ObjectId == order.Uuid).ToList();
        Assert.Equal(["acquiring_order.pending", "acquiring_order.paid"], orderEvents.Select(e => e.Type).ToArray());
        Assert.Equal([2L, 3L], orderEvents.Select(e => e.Sequence).ToArray());
        Assert.All(orderEvents, e => Assert.Equal("acquiring_order", e.ObjectKind));
        Assert.StartsWith("evt_", orderEvents[0].Id, StringComparison.Ordinal);
        Assert.Equal("Paid", orderEvents[1].Payload.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(_api.Server.Clock.GetUtcNow(), orderEvents[1].CreatedAt);
    }

    [Fact]
    public async Task ListEventsAsync_AfterLastCursor_SeesNewEvents()
    {
        var order = await _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = 300, Currency = "USDT", Network = "ethereum" });
        await _api.Processor.MoveOrderAsync(order.Uuid, "Pending");
        var first = await _api.Client.ListEventsAsync();

        await _api.Processor.MoveOrderAsync(order.Uuid, "Failed");
        var next = await _api.Client.ListEventsAsync(first.NextCursor);

        Assert.Equal("acquiring_order.failed", Assert.Single(next.Data).Type);
    }

    [Fact]
    public async Task ListEventsAsync_BadLimit_ThrowsInvalidRequestWithMessage()
    {
        var error = await Assert.ThrowsAsync<PayStateException>(() => _api.Client.ListEventsAsync(limit: 0));

        Assert.Equal((400, "invalid_request"), (error.StatusCode, error.Code));
        Assert.StartsWith("limit", error.Message, StringComparison.Ordinal);
    }
}
