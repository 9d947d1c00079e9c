using System.Text.Json;
using PayState.Server.Acquiring.Chain;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring.Chain;

/// The real server watching a real chain: Anvil with two 6-decimals ERC-20s deployed (TUSD, the orders' token, and
/// OUSD, a wrong one), a merchant and a webhook receiver. Scans are started by the test and awaited, never timed.
public abstract class ChainTestBase(Backend backend) : IAsyncLifetime
{
    public const int Confirmations = 3;

    protected Anvil Chain { get; private set; } = null!;

    protected string Token { get; private set; } = null!;

    protected string OtherToken { get; private set; } = null!;

    protected TestServer Server { get; private set; } = null!;

    protected MerchantClient Merchant { get; private set; } = null!;

    protected FakeReceiver Receiver { get; private set; } = null!;

    protected Backend Backend => backend;

    public virtual async Task InitializeAsync()
    {
        Chain = await Anvil.StartAsync();
        Token = await Chain.DeployTokenAsync();
        OtherToken = await Chain.DeployTokenAsync();
        Receiver = await FakeReceiver.StartAsync();
        Server = await TestServer.StartAsync(Settings(await RpcUrlAsync()), Clock(), backend: backend);
        Merchant = await Server.CreateMerchantAsync();
        await ScanAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Receiver.DisposeAsync();
        await Chain.DisposeAsync();
    }

    /// The server's clock: the fake one at the chain's genesis, unless a test needs another.
    protected virtual FakeTimeProvider Clock() => new(Anvil.Genesis);

    /// Where the server reaches the node: Anvil itself, unless a test puts something in between.
    protected virtual Task<Uri> RpcUrlAsync() => Task.FromResult(Chain.Url);

    protected Dictionary<string, string?> Settings(Uri? rpc = null) => new()
    {
        ["PAYSTATE_ETHEREUM_RPC"] = (rpc ?? Chain.Url).ToString(),
        ["PAYSTATE_ETHEREUM_CHAIN_ID"] = "31337",
        ["PAYSTATE_ETHEREUM_CONFIRMATIONS"] = Confirmations.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PAYSTATE_ETHEREUM_TOKENS"] = JsonSerializer.Serialize(new object[]
        {
            new { symbol = "TUSD", name = "Test USD", decimals = 6, contract = Token },
            new { symbol = "OUSD", name = "Other USD", decimals = 6, contract = OtherToken },
            new { symbol = "ETH", name = "Ether", decimals = 18 },
        }),
    };

    protected static ChainWatcher WatcherOf(TestServer server) => server.Services.GetServices<ChainWatcher>().Single();

    /// Starts a watcher cycle and waits for it to finish.
    protected Task ScanAsync() => ScanAsync(Server);

    protected static async Task ScanAsync(TestServer server)
    {
        var watcher = WatcherOf(server);
        var started = watcher.Status.CyclesStarted;
        watcher.Wake();
        await watcher.Status.CycleFinishedAsync(started + 1).WaitAsync(TimeSpan.FromSeconds(30));
    }

    protected async Task<JsonElement> CreateOrderAsync(long amount = 2_500_000, string currency = "TUSD", int expiresIn = 1800) =>
        await Merchant.CreateOrderAsync(new { amount, currency, network = "ethereum", webhook_url = Receiver.UrlFor("/hook"), expires_in = expiresIn });

    protected async Task<string> StatusAsync(string uuid)
    {
        var (status, body) = await Merchant.GetOrderAsync(uuid);
        Assert.Equal(200, status);
        return JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("status").GetString()!;
    }

    protected Task<IReadOnlyList<ChainTransfer>> TransfersAsync(string uuid) =>
        Server.Services.GetRequiredService<IStore>().Chain.OrderTransfersAsync(uuid, CancellationToken.None);

    protected static string Uuid(JsonElement order) => order.GetProperty("uuid").GetString()!;

    protected static string Address(JsonElement order) => order.GetProperty("wallet").GetProperty("wallet_address").GetString()!;

    /// The status a webhook carries, after checking it is byte for byte what the GET answers for that version.
    protected async Task<string> NextWebhookStatusAsync()
    {
        var webhook = await Receiver.NextAsync();
        WebhookAssert.SignedWith(webhook, Merchant.WebhookSecret);
        return JsonDocument.Parse(webhook.Body).RootElement.GetProperty("data").GetProperty("status").GetString()!;
    }
}
