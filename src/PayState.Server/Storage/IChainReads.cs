namespace PayState.Server.Storage;

/// The chain slice's reads.
public interface IChainReads
{
    Task<TerminalWallet?> FindTerminalWalletAsync(string terminalId, string network, CancellationToken cancellationToken);

    Task<WatcherProgress?> FindWatcherAsync(string network, CancellationToken cancellationToken);

    /// The blocks kept, newest first.
    Task<IReadOnlyList<ChainBlock>> RecentBlocksAsync(string network, int limit, CancellationToken cancellationToken);

    /// The network's orders still open, and those closed at or after closedSince (a payment after the end is still
    /// recorded for them).
    Task<IReadOnlyList<WatchedOrder>> WatchedOrdersAsync(string network, DateTimeOffset closedSince, CancellationToken cancellationToken);

    /// The transfers still on the chain of the network's open orders.
    Task<IReadOnlyList<ChainTransfer>> OpenOrderTransfersAsync(string network, CancellationToken cancellationToken);

    Task<WatchedOrder?> FindWatchedOrderAsync(string orderId, CancellationToken cancellationToken);

    /// Every transfer seen for the order, removed ones included, oldest block first.
    Task<IReadOnlyList<ChainTransfer>> OrderTransfersAsync(string orderId, CancellationToken cancellationToken);

    /// Transfers of Paid orders whose blocks left the chain afterwards, latest first.
    Task<IReadOnlyList<ChainTransfer>> RemovedAfterPaidAsync(int limit, CancellationToken cancellationToken);
}
