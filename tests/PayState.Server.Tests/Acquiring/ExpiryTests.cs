using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring;

public abstract class ExpiryTests(Backend backend) : ServerTestBase(backend)
{
    [Fact]
    public async Task Expiry_WindowPassesWithoutPayment_ServerExpiresOrderAndSendsWebhook()
    {
        var uuid = await CreateAsync(expiresIn: 60);

        Server.Clock.Advance(TimeSpan.FromSeconds(59));
        await Server.WaitForDueTimersFiredAsync();
        Assert.Equal("Created", await StatusAsync(uuid));

        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var webhook = await Receiver.NextAsync();
        var data = JsonDocument.Parse(webhook.Body).RootElement.GetProperty("data");
        Assert.Equal(4, data.GetProperty("status_id").GetInt32());
        Assert.Equal("Expired", data.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("transaction_end_at").ValueKind);
        Assert.Equal((await Merchant.GetOrderAsync(uuid)).Body, webhook.Body);
    }

    [Fact]
    public async Task Expiry_OrderPaidInTime_NeverExpires()
    {
        var uuid = await CreateAsync(expiresIn: 60);
        await Server.MoveOrderAsync(uuid, "Pending");
        await Server.MoveOrderAsync(uuid, "Paid");
        await Receiver.NextAsync();
        await Receiver.NextAsync();
        await Merchant.WaitForDeliveriesSettledAsync();

        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        await Server.WaitForDueTimersFiredAsync();

        Assert.Equal("Paid", await StatusAsync(uuid));
        Assert.Equal(2, Receiver.All.Count);
        Assert.Equal(0, Server.CountRows("timers"));
    }

    [Fact]
    public async Task ProcessorMove_AfterWindowClosed_IsRefusedWhetherOrNotTheTimerFiredYet()
    {
        var uuid = await CreateAsync(expiresIn: 60);
        await Server.StopAsync();
        Server.Clock.Advance(TimeSpan.FromSeconds(61));
        await Server.StartAsync();

        // The timer may or may not have fired yet: either way the payment window is closed.
        using var move = await Server.ProcessorAsync($"processor/v1/acquiring/order/{uuid}/status", """{"status":"Pending"}""");

        Assert.Equal(409, (int)move.StatusCode);
        await WaitForStatusAsync(uuid, "Expired");
    }

    [Fact]
    public async Task Expiry_DueWhileServerWasDown_FiresAfterRestart()
    {
        var uuid = await CreateAsync(expiresIn: 120);
        await Server.StopAsync();

        Server.Clock.Advance(TimeSpan.FromMinutes(10));
        await Server.StartAsync();

        var webhook = await Receiver.NextAsync();
        Assert.Equal("Expired", JsonDocument.Parse(webhook.Body).RootElement.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("Expired", await StatusAsync(uuid));
    }

    [Fact]
    public async Task Expiry_PendingOrder_IsNotExpiredByTheServer()
    {
        var uuid = await CreateAsync(expiresIn: 60);
        await Server.MoveOrderAsync(uuid, "Pending");

        Server.Clock.Advance(TimeSpan.FromMinutes(2));
        await Server.WaitForDueTimersFiredAsync();

        Assert.Equal("Pending", await StatusAsync(uuid));
    }

    private async Task<string> CreateAsync(int expiresIn) =>
        (await Merchant.CreateOrderAsync(new { amount = 1, currency = "USDC", network = "ethereum", webhook_url = Receiver.UrlFor("/hook"), expires_in = expiresIn }))
            .GetProperty("uuid").GetString()!;

    private async Task<string> StatusAsync(string uuid) =>
        JsonDocument.Parse((await Merchant.GetOrderAsync(uuid)).Body).RootElement.GetProperty("data").GetProperty("status").GetString()!;

    private Task WaitForStatusAsync(string uuid, string status) =>
        Eventually.HoldsAsync(async () => await StatusAsync(uuid) == status, $"order {uuid} is {status}");
}

public sealed class ExpiryTestsOnSqlite() : ExpiryTests(Backend.Sqlite);

public sealed class ExpiryTestsOnPostgres() : ExpiryTests(Backend.Postgres);
