using System.Text.Json;
using PayState.Server.Acquiring.Chain;
using PayState.Server.Tests.Metrics;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring.Chain;

/// A watcher operators can trust: it resumes where it stopped, rides out a node outage with backoff while /readyz and
/// /metrics say so, and refuses a node of another chain.
public abstract class ChainWatcherResilienceTests(Backend backend) : ChainTestBase(backend)
{
    private RpcProxy _proxy = null!;

    protected override async Task<Uri> RpcUrlAsync()
    {
        _proxy = await RpcProxy.StartAsync(Chain.Url);
        return _proxy.Url;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [ChainFact]
    public async Task Restart_ResumesFromTheLastFinishedBlock_APaymentMadeWhileStoppedCounts()
    {
        var order = await CreateOrderAsync();
        var finished = WatcherOf(Server).Status.FinishedBlock;
        await Server.StopAsync();

        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await Chain.MineAsync(Confirmations + 5);
        await Server.StartAsync();
        await ScanAsync();

        Assert.Equal("Paid", await StatusAsync(Uuid(order)));
        Assert.Equal("Pending", await NextWebhookStatusAsync());
        Assert.Equal("Paid", await NextWebhookStatusAsync());
        Assert.True(finished < await Chain.BlockNumberAsync());
        Assert.Equal(await Chain.BlockNumberAsync(), WatcherOf(Server).Status.FinishedBlock);
    }

    [ChainFact]
    public async Task Restart_FarBehind_CatchesUpInRangesOf100Blocks_OneLogFilterEach()
    {
        var order = await CreateOrderAsync();
        await Server.StopAsync();
        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await Chain.MineAsync(250);
        var head = await Chain.BlockNumberAsync();
        var before = _proxy.Requests.Count;

        await Server.StartAsync();
        var watcher = WatcherOf(Server);
        for (var cycle = watcher.Status.CyclesStarted + 1; watcher.Status.FinishedBlock != head && cycle < 20; cycle++)
        {
            watcher.Wake();
            await watcher.Status.CycleFinishedAsync(cycle).WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(head, watcher.Status.FinishedBlock);
        Assert.Equal("Paid", await StatusAsync(Uuid(order)));
        var requests = _proxy.Requests.Skip(before).ToList();
        var ranges = requests.Where(r => r.Contains("eth_getBlockByNumber")).ToList();
        Assert.Equal(3, ranges.Count);
        Assert.All(ranges, r => Assert.True(r.Length <= ChainScanner.MaxBlocks, $"{r.Length} blocks in one request"));
        Assert.Equal(3, requests.Count(r => r.SequenceEqual(["eth_getLogs"])));
    }

    [ChainFact]
    public async Task NodeOutage_BacksOffWhileReadyzAndMetricsSaySo_ThenCatchesUp()
    {
        var order = await CreateOrderAsync();
        _proxy.Down();
        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await Chain.MineAsync(Confirmations);
        var watcher = WatcherOf(Server);
        var cycle = watcher.Status.CyclesStarted;
        watcher.Wake();
        await Eventually.HoldsAsync(() => watcher.Status.State == WatcherState.RpcUnreachable, "the watcher finds the node unreachable");

        var (ready, body) = await ReadyAsync();
        Assert.Equal(200, ready);
        Assert.Equal("rpc_unreachable", body.GetProperty("chain").GetProperty("ethereum").GetProperty("state").GetString());
        Assert.Equal(0, (await PrometheusScrape.FetchAsync(Server)).Value("paystate_chain_watcher_up", ("network", "ethereum")));
        var refused = _proxy.Refused;
        Assert.Equal("Created", await StatusAsync(Uuid(order)));

        // The retry waits on the (fake) clock: nothing more reaches the node until it has moved on.
        _proxy.Up();
        Assert.Equal(refused, _proxy.Refused);
        Server.Clock.Advance(TimeSpan.FromMinutes(2));
        await watcher.Status.CycleFinishedAsync(cycle + 1).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("Paid", await StatusAsync(Uuid(order)));
        (_, body) = await ReadyAsync();
        var chain = body.GetProperty("chain").GetProperty("ethereum");
        Assert.Equal("following", chain.GetProperty("state").GetString());
        Assert.Equal(0, chain.GetProperty("blocks_behind").GetInt64());
        Assert.Equal(1, (await PrometheusScrape.FetchAsync(Server)).Value("paystate_chain_watcher_up", ("network", "ethereum")));
    }

    [ChainFact]
    public async Task BlocksBehind_IsTheGaugeOfHowFarTheWatcherTrailsTheHead()
    {
        WatcherOf(Server).Status.Scanned(head: 250, finished: 100);

        var metrics = await PrometheusScrape.FetchAsync(Server);

        Assert.Equal(150, metrics.Value("paystate_chain_blocks_behind", ("network", "ethereum")));
        var (_, body) = await ReadyAsync();
        Assert.Equal("behind", body.GetProperty("chain").GetProperty("ethereum").GetProperty("state").GetString());
        Assert.Equal(150, body.GetProperty("chain").GetProperty("ethereum").GetProperty("blocks_behind").GetInt64());
    }

    [ChainFact]
    public async Task NodeOfAnotherChain_NothingIsScanned_AndReadyzSaysWhy()
    {
        await Server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_ETHEREUM_CHAIN_ID"] = "1" });
        var order = await CreateOrderAsync();
        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await Chain.MineAsync(Confirmations);

        await ScanAsync();

        Assert.Equal(WatcherState.WrongChain, WatcherOf(Server).Status.State);
        Assert.Equal("Created", await StatusAsync(Uuid(order)));
        var (_, body) = await ReadyAsync();
        Assert.Contains("31337", body.GetProperty("chain").GetProperty("ethereum").GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private async Task<(int Status, JsonElement Body)> ReadyAsync()
    {
        using var response = await Server.Http.GetAsync(new Uri(Server.BaseUri, "readyz"));
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}

public sealed class ChainWatcherResilienceTestsOnSqlite() : ChainWatcherResilienceTests(Backend.Sqlite);

public sealed class ChainWatcherResilienceTestsOnPostgres() : ChainWatcherResilienceTests(Backend.Postgres);
