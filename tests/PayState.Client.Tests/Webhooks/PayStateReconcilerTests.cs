using System.Collections.Concurrent;
using System.Text.Json;
using PayState.Client.Webhooks;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Webhooks;

// A merchant that was down for a while catches up through the events API and ends in the state of one that
// missed nothing, having handled every event exactly once.
public sealed class PayStateReconcilerTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _timesHandled = new();
    private readonly ConcurrentDictionary<string, string> _statusByOrder = new();
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public static TheoryData<string> Stores => StoreKinds.All;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // The merchant's own state: the last status it applied per order.
    private Task Handle(PayStateWebhook webhook, CancellationToken cancellationToken)
    {
        // A change is known by its object and sequence: a webhook's id names its delivery, an event's its event.
        _timesHandled.AddOrUpdate($"{webhook.ObjectId}/{webhook.Sequence}", 1, (_, n) => n + 1);
        _statusByOrder[webhook.ObjectId] = webhook.Payload.GetProperty("data").GetProperty("status").GetString()!;
        return Task.CompletedTask;
    }

    // Pages of two, so catching up takes several pages.
    private async Task<(IReadOnlyList<ReconcileEvent> Events, string? NextCursor)> FetchPage(string? cursor, CancellationToken cancellationToken)
    {
        var page = await _merchant.GetJsonAsync($"/api/v1/events?limit=2{(cursor is null ? "" : "&after=" + Uri.EscapeDataString(cursor))}");
        var events = page.GetProperty("data").EnumerateArray()
            .Select(e => new ReconcileEvent(e.GetProperty("id").GetString()!, e.GetProperty("object_id").GetString()!,
                e.GetProperty("sequence").GetInt32(), e.GetProperty("payload").Clone()))
            .ToList();
        var next = page.GetProperty("next_cursor");
        return (events, next.ValueKind == JsonValueKind.String ? next.GetString() : null);
    }

    private async Task<List<JsonElement>> AllEventsAsync()
    {
        var page = await _merchant.GetJsonAsync("/api/v1/events?limit=500");
        return [.. page.GetProperty("data").EnumerateArray()];
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ReceiverDown_RunOnceCatchesUp_EveryEventOnce_SameFinalState(string kind)
    {
        var store = await StoreKinds.CreateAsync(kind);
        var cursors = new InMemoryCursorStore();
        var receiver = await ReceiverApp.StartAsync(store, _server.Clock, [_merchant.WebhookSecret], Handle);
        try
        {
            var orders = new List<string>();
            for (var i = 0; i < 3; i++)
                orders.Add((await _merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = receiver.HookUrl }))
                    .GetProperty("uuid").GetString()!);

            // Live: the first order's first change reaches the receiver.
            await _server.MoveOrderAsync(orders[0], "Pending");
            await TestWebhooks.WaitUntilAsync(() => _timesHandled.Count == 1, "the live webhook");

            // Down: everything else only reaches the events API.
            await receiver.StopAsync();
            await _server.MoveOrderAsync(orders[0], "Paid");
            await _server.MoveOrderAsync(orders[1], "Pending");
            await _server.MoveOrderAsync(orders[1], "Failed");
            await _server.MoveOrderAsync(orders[2], "Failed");

            var reconciler = new PayStateReconciler(FetchPage, cursors, store, Handle, _server.Clock, TimeSpan.FromMinutes(1));
            await reconciler.RunOnceAsync(CancellationToken.None);

            var all = await AllEventsAsync();
            Assert.Equal(5, all.Count);
            Assert.Equal(all.Select(e => $"{e.GetProperty("object_id").GetString()}/{e.GetProperty("sequence").GetInt32()}").Order(), _timesHandled.Keys.Order());
            Assert.All(_timesHandled.Values, n => Assert.Equal(1, n));
            foreach (var uuid in orders)
            {
                var (_, body) = await _merchant.GetOrderAsync(uuid);
                var status = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("status").GetString();
                Assert.Equal(status, _statusByOrder[uuid]);
                Assert.Equal(all.Where(e => e.GetProperty("object_id").GetString() == uuid).Max(e => e.GetProperty("sequence").GetInt32()),
                    await store.LastSequenceAsync(uuid, CancellationToken.None));
            }
            Assert.Equal(["Paid", "Failed", "Failed"], orders.Select(o => _statusByOrder[o]));
            var cursor = cursors.Cursor;
            Assert.NotNull(cursor);

            // Caught up: nothing new.
            await reconciler.RunOnceAsync(CancellationToken.None);
            Assert.Equal(5, _timesHandled.Count);
            Assert.All(_timesHandled.Values, n => Assert.Equal(1, n));
            Assert.Equal(cursor, cursors.Cursor);

            // A later change is picked up from the stored cursor.
            await _server.MoveOrderAsync((await _merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!, "Pending");
            await reconciler.RunOnceAsync(CancellationToken.None);
            Assert.Equal(6, _timesHandled.Count);
            Assert.All(_timesHandled.Values, n => Assert.Equal(1, n));
        }
        finally
        {
            await receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task AsBackgroundService_PollsEveryIntervalOnTheClock()
    {
        var clock = new FakeTimeProvider();
        var reconciler = new PayStateReconciler(FetchPage, new InMemoryCursorStore(), new InMemoryWebhookStateStore(), Handle, clock, TimeSpan.FromSeconds(30));
        var uuid = (await _merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        await _server.MoveOrderAsync(uuid, "Pending");

        await reconciler.StartAsync(CancellationToken.None);
        try
        {
            await TestWebhooks.WaitUntilAsync(() => _timesHandled.Count == 1, "the first poll");
            await clock.WaitForTimersAsync(1, TimeSpan.FromSeconds(10));
            await _server.MoveOrderAsync(uuid, "Paid");
            await Task.Delay(100);
            Assert.Single(_timesHandled);

            clock.Advance(TimeSpan.FromSeconds(30));
            await TestWebhooks.WaitUntilAsync(() => _timesHandled.Count == 2, "the next poll");
            Assert.Equal("Paid", _statusByOrder[uuid]);
        }
        finally
        {
            await reconciler.StopAsync(CancellationToken.None);
            reconciler.Dispose();
        }
    }
}
