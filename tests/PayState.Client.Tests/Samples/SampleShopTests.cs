using System.Net.Http.Json;
using PayState.Client.Reconciliation;
using PayState.Client.Tests.Webhooks;
using PayState.SampleShop;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Samples;

// The sample shop (the README's code) against a real PayState server on loopback: crypto orders paid through webhooks,
// BNPL checkouts confirmed or refused through the IPN, a change missed while the shop was down caught up by the reconciler.
public sealed class SampleShopTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"paystate-shop-{Guid.NewGuid():N}.db");
    private readonly int _port = LoopbackPort.Free();
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;
    private MerchantClient _wholesale = null!;
    private HttpClient _payState = null!;
    private WebApplication? _shop;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _merchant = await _server.CreateMerchantAsync();
        _wholesale = await _server.CreateTerminalAsync(_merchant.MerchantId);
        _payState = new HttpClient { BaseAddress = _server.BaseUri };
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}/") };
        await StartShopAsync();
    }

    public async Task DisposeAsync()
    {
        await StopShopAsync();
        _http.Dispose();
        _payState.Dispose();
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_database);
    }

    // The shop as its Program.cs starts it, configured as its appsettings.json says, with this server's values and clock.
    private async Task StartShopAsync()
    {
        _shop = ShopApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PayState:BaseAddress"] = _server.BaseUri.ToString(),
                ["PayState:ApiKey"] = _merchant.ApiKey,
                ["PayState:ApiSecret"] = _merchant.ApiSecret,
                ["PayState:WebhookSecrets:0"] = _merchant.WebhookSecret,
                ["PayState:Reconciler:StartFrom"] = "Now",
                ["PayState:Wholesale:BaseAddress"] = _server.BaseUri.ToString(),
                ["PayState:Wholesale:ApiKey"] = _wholesale.ApiKey,
                ["PayState:Wholesale:ApiSecret"] = _wholesale.ApiSecret,
                ["PayState:Wholesale:WebhookSecrets:0"] = _wholesale.WebhookSecret,
                ["Shop:Database"] = _database,
                ["Shop:PublicUrl"] = $"http://127.0.0.1:{_port}/",
                ["Urls"] = $"http://127.0.0.1:{_port}",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Services.AddSingleton<TimeProvider>(_server.Clock);
        });
        await ShopDatabase.EnsureCreatedAsync(_shop.Configuration);
        await _shop.StartAsync();
    }

    private async Task StopShopAsync()
    {
        if (_shop is null) return;
        await _shop.StopAsync();
        await _shop.DisposeAsync();
        _shop = null;
    }

    private async Task<string> PayAsync(string path, string cart) =>
        (await (await _http.PostAsJsonAsync(path, new { cart, amount = 12000 })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Created>())!.Uuid;

    private async Task<string?> ReadAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<string>() : null;
    }

    private Task<string> CheckoutActionAsync(string uuid) => new PayStateClient(_payState, new PayStateCredentials("", ""))
        .WaitCheckoutAsync(uuid).ContinueWith(t => t.Result.Action, TaskScheduler.Default);

    [Fact]
    public async Task CryptoOrder_PaidAtPayState_IsPaidInTheShop()
    {
        var uuid = await PayAsync("/orders", "cart-1");
        Assert.Equal(OrderStatuses.Created, await ReadAsync($"/orders/{uuid}"));

        await _server.MoveOrderAsync(uuid, "Pending");
        await _server.MoveOrderAsync(uuid, "Paid");

        await TestWebhooks.WaitUntilAsync(async () => await ReadAsync($"/orders/{uuid}") == OrderStatuses.Paid, "the shop to see Paid");
    }

    [Fact]
    public async Task WholesaleTerminal_OrderMadeWithItsKeys_PaidThroughItsOwnEndpointUnderItsSecret()
    {
        var uuid = await PayAsync("/wholesale/orders", "crate-1");
        var order = await new PayStateClient(_payState, new PayStateCredentials(_wholesale.ApiKey, _wholesale.ApiSecret), _server.Clock).GetOrderAsync(uuid);
        Assert.Equal(_wholesale.TerminalUuid, order.TerminalUuid);

        await _server.MoveOrderAsync(uuid, "Pending");

        await TestWebhooks.WaitUntilAsync(async () => await ReadAsync($"/orders/{uuid}") == OrderStatuses.Pending, "the shop to see Pending");
    }

    [Fact]
    public async Task Checkouts_AnOpenCartIsConfirmed_ACancelledOneIsRefusedWithAConflict()
    {
        var kept = await PayAsync("/checkouts", "cart-2");
        var cancelled = await PayAsync("/checkouts", "cart-3");
        (await _http.PostAsync($"/checkouts/{cancelled}/cancel", null)).EnsureSuccessStatusCode();
        var processor = new PayStateProcessorClient(_payState, TestServer.ProcessorToken);

        await processor.ApproveCheckoutAsync(kept);
        await processor.ApproveCheckoutAsync(cancelled);

        await TestWebhooks.WaitUntilAsync(async () => await CheckoutActionAsync(kept) == CheckoutActions.Finish, "the kept cart to finish");
        await TestWebhooks.WaitUntilAsync(async () => await CheckoutActionAsync(cancelled) == CheckoutActions.ShowConflict, "the cancelled cart to conflict");
        Assert.Equal(ShopTables.Confirmed, await ReadAsync($"/checkouts/{kept}"));
        Assert.Equal(ShopTables.Cancelled, await ReadAsync($"/checkouts/{cancelled}"));
    }

    [Fact]
    public async Task ChangeMissedWhileTheShopWasDown_IsCaughtUpByTheReconcilerAtStart_AndHealthSaysHealthy()
    {
        var uuid = await PayAsync("/orders", "cart-4");
        // The first start's pass has stored where "now" was.
        await TestWebhooks.WaitUntilAsync(() => _shop!.Services.GetRequiredService<ReconcilerHealth>().States.ContainsKey(""), "the first pass");
        await StopShopAsync();
        await _server.MoveOrderAsync(uuid, "Pending");
        await _merchant.WaitForDeliveriesSettledAsync();

        await StartShopAsync();

        await TestWebhooks.WaitUntilAsync(async () => await ReadAsync($"/orders/{uuid}") == OrderStatuses.Pending, "the reconciler to apply Pending");
        var health = await _http.GetAsync("/healthz");
        Assert.Equal(("Healthy", 200), (await health.Content.ReadAsStringAsync(), (int)health.StatusCode));
    }

    private sealed record Created(string Uuid);
}
