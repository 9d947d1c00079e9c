using System.Globalization;
using PayState.Server.Acquiring.Chain;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring.Chain;

/// How the watcher reads a chain with many open orders, counted at a proxy in front of Anvil: the node filters the
/// Transfer logs (one eth_getLogs per 200 recipients for a whole block range), and a range of blocks is one batch.
public sealed class EthereumRpcTests : IAsyncLifetime
{
    private Anvil _chain = null!;
    private RpcProxy _proxy = null!;
    private HttpClient _http = null!;
    private EthereumRpc _rpc = null!;

    public async Task InitializeAsync()
    {
        _chain = await Anvil.StartAsync();
        _proxy = await RpcProxy.StartAsync(_chain.Url);
        _http = new HttpClient();
        _rpc = new EthereumRpc(_http, _proxy.Url);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _proxy.DisposeAsync();
        await _chain.DisposeAsync();
    }

    [ChainFact]
    public async Task TransferLogs_450Recipients_OneFilterPer200_EveryPaymentFound()
    {
        var token = await _chain.DeployTokenAsync();
        var other = await _chain.DeployTokenAsync();
        var from = await _chain.BlockNumberAsync() + 1;
        string[] recipients = [.. Enumerable.Range(1, 450).Select(i => "0x" + i.ToString("x40", CultureInfo.InvariantCulture))];
        await _chain.PayTokenAsync(token, recipients[3], 1_000_000);
        await _chain.PayTokenAsync(other, recipients[420], 2_000_000);
        await _chain.PayTokenAsync(token, "0x" + new string('e', 40), 3_000_000);
        await _chain.MineAsync(20);
        var to = await _chain.BlockNumberAsync();

        var logs = await _rpc.TransferLogsAsync(from, to, [token, other], recipients, CancellationToken.None);

        Assert.Equal(3, _proxy.Requests.Count(r => r.SequenceEqual(["eth_getLogs"])));
        Assert.Equal(2, logs.Count);
        Assert.Contains(logs, l => l.To == recipients[3] && l.Contract == token && l.Value == 1_000_000);
        Assert.Contains(logs, l => l.To == recipients[420] && l.Contract == other && l.Value == 2_000_000);
    }

    [ChainFact]
    public async Task Blocks_ARangeOf100_OneBatchRequest_InChainOrder()
    {
        await _chain.MineAsync(120);

        var blocks = await _rpc.BlocksAsync(11, 110, transactions: false, CancellationToken.None);

        var request = Assert.Single(_proxy.Requests);
        Assert.Equal(100, request.Length);
        Assert.All(request, method => Assert.Equal("eth_getBlockByNumber", method));
        Assert.Equal(Enumerable.Range(11, 100).Select(n => (long)n), blocks.Select(b => b.Number));
        for (var i = 1; i < blocks.Count; i++) Assert.Equal(blocks[i - 1].Hash, blocks[i].ParentHash);
    }
}
