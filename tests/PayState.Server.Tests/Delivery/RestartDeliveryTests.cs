using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Delivery;

public abstract class RestartDeliveryTests(Backend backend) : IAsyncLifetime
{
    private TestServer _server = null!;
    private FakeReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        // The first run commits changes but never sends: they sit in the outbox when the process stops.
        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_DISPATCHER"] = "false" }, backend: backend);
        _receiver = await FakeReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Restart_BetweenCommitAndDelivery_WebhooksStillArriveInOrder()
    {
        var merchant = await _server.CreateMerchantAsync();
        var uuid = (await merchant.CreateOrderAsync(new { amount = 7, currency = "USDT", network = "tron", webhook_url = _receiver.UrlFor("/hook") }))
            .GetProperty("uuid").GetString()!;
        await _server.MoveOrderAsync(uuid, "Pending");
        await _server.MoveOrderAsync(uuid, "Paid");
        var events = (await merchant.GetJsonAsync("/api/v1/events")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        await _server.WaitForSettledAsync();
        Assert.Empty(_receiver.All);

        await _server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_DISPATCHER"] = "true" });

        var first = await _receiver.NextAsync();
        var second = await _receiver.NextAsync();
        Assert.Equal(events, [await merchant.EventIdOfAsync(first), await merchant.EventIdOfAsync(second)]);
        Assert.Equal(["2", "3"], [first.Header("PayState-Sequence")!, second.Header("PayState-Sequence")!]);
        Assert.Equal((await merchant.GetOrderAsync(uuid)).Body, second.Body);
        WebhookAssert.SignedWith(second, merchant.WebhookSecret);
    }
}

public sealed class RestartDeliveryTestsOnSqlite() : RestartDeliveryTests(Backend.Sqlite);

public sealed class RestartDeliveryTestsOnPostgres() : RestartDeliveryTests(Backend.Postgres);
