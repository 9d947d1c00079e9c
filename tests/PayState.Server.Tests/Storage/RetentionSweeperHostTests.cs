using System.Net;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// The server sweeps by itself, every period on its clock: a delivered webhook's record is gone once the retention has
/// passed, and the order stays.
public abstract class RetentionSweeperHostTests(Backend backend) : IAsyncLifetime
{
    private TestServer _server = null!;
    private FakeReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await FakeReceiver.StartAsync();
        // 0.001 days is 86.4 s: the sweep comes every 4.32 s of the fake clock.
        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_RETENTION_DAYS"] = "0.001" }, backend: backend);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task DeliveredWebhook_AfterTheRetention_IsSweptByTheServer()
    {
        var merchant = await _server.CreateMerchantAsync();
        var uuid = (await merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = _receiver.UrlFor("/hook") }))
            .GetProperty("uuid").GetString()!;
        await _server.MoveOrderAsync(uuid, "Pending");
        await _receiver.NextAsync();
        await merchant.WaitForDeliveriesSettledAsync();
        var delivery = (await merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data")[0].GetProperty("id").GetString();

        _server.Clock.Advance(TimeSpan.FromSeconds(95));

        await Eventually.HoldsAsync(
            async () => (await merchant.GetAsync($"/api/v1/webhook-deliveries/{delivery}")).StatusCode == HttpStatusCode.NotFound, $"delivery {delivery} swept");
        Assert.Equal(200, (await merchant.GetOrderAsync(uuid)).Status);
        Assert.Single((await merchant.GetJsonAsync("/api/v1/events")).GetProperty("data").EnumerateArray());
    }
}

public sealed class RetentionSweeperHostTestsOnSqlite() : RetentionSweeperHostTests(Backend.Sqlite);

public sealed class RetentionSweeperHostTestsOnPostgres() : RetentionSweeperHostTests(Backend.Postgres);
