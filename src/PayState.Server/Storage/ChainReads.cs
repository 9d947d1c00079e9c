using System.Data.Common;

namespace PayState.Server.Storage;

/// Runs a read on a store's pooled connections.
internal interface IRowQuery
{
    Task<List<T>> QueryRowsAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken cancellationToken);
}

/// The chain tables' reads on either database.
internal sealed class ChainReads(IRowQuery rows) : IChainReads
{
    public async Task<TerminalWallet?> FindTerminalWalletAsync(string terminalId, string network, CancellationToken cancellationToken) =>
        (await rows.QueryRowsAsync($"SELECT {ChainRows.WalletColumns} FROM terminal_wallets WHERE terminal_id = @terminal AND network = @network",
            c => c.Text("@terminal", terminalId).Text("@network", network), ChainRows.Wallet, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<WatcherProgress?> FindWatcherAsync(string network, CancellationToken cancellationToken) =>
        (await rows.QueryRowsAsync($"SELECT {ChainRows.WatcherColumns} FROM chain_watchers WHERE network = @network",
            c => c.Text("@network", network), ChainRows.Watcher, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<IReadOnlyList<ChainBlock>> RecentBlocksAsync(string network, int limit, CancellationToken cancellationToken) =>
        await rows.QueryRowsAsync($"SELECT {ChainRows.BlockColumns} FROM chain_blocks WHERE network = @network ORDER BY number DESC LIMIT @limit",
            c => c.Text("@network", network).Int("@limit", limit), ChainRows.Block, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<WatchedOrder>> WatchedOrdersAsync(string network, DateTimeOffset closedSince, CancellationToken cancellationToken) =>
        await rows.QueryRowsAsync(
            $"SELECT {ChainRows.OrderColumns} FROM watched_orders WHERE network = @network AND (closed_at IS NULL OR closed_at >= @since)",
            c => c.Text("@network", network).Time("@since", closedSince), ChainRows.Order, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ChainTransfer>> OpenOrderTransfersAsync(string network, CancellationToken cancellationToken) =>
        await rows.QueryRowsAsync($"""
            SELECT {Prefixed("t")} FROM chain_transfers t JOIN watched_orders w ON w.order_id = t.order_id
            WHERE w.network = @network AND w.closed_at IS NULL AND t.removed_at IS NULL
            """,
            c => c.Text("@network", network), ChainRows.Transfer, cancellationToken).ConfigureAwait(false);

    public async Task<WatchedOrder?> FindWatchedOrderAsync(string orderId, CancellationToken cancellationToken) =>
        (await rows.QueryRowsAsync($"SELECT {ChainRows.OrderColumns} FROM watched_orders WHERE order_id = @order",
            c => c.Text("@order", orderId), ChainRows.Order, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<IReadOnlyList<ChainTransfer>> OrderTransfersAsync(string orderId, CancellationToken cancellationToken) =>
        await rows.QueryRowsAsync($"SELECT {ChainRows.TransferColumns} FROM chain_transfers WHERE order_id = @order ORDER BY block_number, log_index",
            c => c.Text("@order", orderId), ChainRows.Transfer, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ChainTransfer>> RemovedAfterPaidAsync(int limit, CancellationToken cancellationToken) =>
        await rows.QueryRowsAsync(
            $"SELECT {ChainRows.TransferColumns} FROM chain_transfers WHERE removed_after_paid ORDER BY removed_at DESC LIMIT @limit",
            c => c.Int("@limit", limit), ChainRows.Transfer, cancellationToken).ConfigureAwait(false);

    private static string Prefixed(string alias) =>
        string.Join(", ", ChainRows.TransferColumns.Split(", ").Select(column => $"{alias}.{column}"));
}
