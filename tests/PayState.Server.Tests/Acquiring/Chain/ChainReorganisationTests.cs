using PayState.Server.Tests.Metrics;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring.Chain;

/// Reorganisations on a real chain (evm_snapshot / evm_revert, then another branch mined): transfers in blocks that
/// left the chain no longer count; one that had made an order Paid is flagged, logged and counted.
public abstract class ChainReorganisationTests(Backend backend) : ChainTestBase(backend)
{
    [ChainFact]
    public async Task ReorgBeforePaid_TheTransferNoLongerCounts_AndAPaymentOnTheNewBranchDoes()
    {
        var order = await CreateOrderAsync();
        var uuid = Uuid(order);
        var snapshot = await Chain.SnapshotAsync();
        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await ScanAsync();
        Assert.Equal("Pending", await StatusAsync(uuid));

        await Chain.RevertAsync(snapshot);
        await OtherBranchAsync(blocks: Confirmations + 1);
        await ScanAsync();
        await ScanAsync();

        Assert.Equal("Pending", await StatusAsync(uuid));
        var removed = Assert.Single(await TransfersAsync(uuid));
        Assert.NotNull(removed.RemovedAt);
        Assert.False(removed.RemovedAfterPaid);
        Assert.Equal(1, WatcherOf(Server).Status.Reorganisations);

        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await Chain.MineAsync(Confirmations);
        await ScanAsync();
        Assert.Equal("Paid", await StatusAsync(uuid));
    }

    [ChainFact]
    public async Task ReorgDeeperThanTheConfirmationsAfterPaid_TheOrderStaysPaid_AndTheTransferIsFlagged()
    {
        var order = await CreateOrderAsync();
        var uuid = Uuid(order);
        var snapshot = await Chain.SnapshotAsync();
        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await Chain.MineAsync(Confirmations);
        await ScanAsync();
        Assert.Equal("Paid", await StatusAsync(uuid));

        await Chain.RevertAsync(snapshot);
        await OtherBranchAsync(blocks: Confirmations + 3);
        await ScanAsync();
        await ScanAsync();

        Assert.Equal("Paid", await StatusAsync(uuid));
        var removed = Assert.Single(await TransfersAsync(uuid));
        Assert.True(removed.RemovedAfterPaid);
        var metrics = await PrometheusScrape.FetchAsync(Server);
        Assert.Equal(1, metrics.Value("paystate_chain_paid_transfers_removed_total", ("network", "ethereum")));
        using var dashboard = await Dashboard.DashboardClient.SignedInAsOperatorAsync(Server);
        var (status, html) = await dashboard.GetAsync("/chain");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Contains(removed.TxHash, html, StringComparison.Ordinal);
    }

    [ChainFact]
    public async Task ChainShorterThanWhatWasFinished_RewindsToTheFork()
    {
        var order = await CreateOrderAsync();
        var snapshot = await Chain.SnapshotAsync();
        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await Chain.MineAsync(2);
        await ScanAsync();

        await Chain.RevertAsync(snapshot);
        await ScanAsync();

        Assert.NotNull(Assert.Single(await TransfersAsync(Uuid(order))).RemovedAt);
        Assert.Equal(await Chain.BlockNumberAsync(), WatcherOf(Server).Status.FinishedBlock);
    }

    /// Blocks of another branch: a transfer between two other accounts first, so no block hash repeats the old ones.
    private async Task OtherBranchAsync(int blocks)
    {
        await Chain.PayEtherAsync(Chain.Accounts[2], 1, fromAccount: 1);
        await Chain.MineAsync(blocks - 1);
    }
}

public sealed class ChainReorganisationTestsOnSqlite() : ChainReorganisationTests(Backend.Sqlite);

public sealed class ChainReorganisationTestsOnPostgres() : ChainReorganisationTests(Backend.Postgres);
