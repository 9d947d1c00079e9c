namespace PayState.Server.Storage;

/// The chain slice's writes, inside one store transaction.
public interface IChainTransaction
{
    TerminalWallet? FindTerminalWallet(string terminalId, string network);

    IReadOnlyList<TerminalWallet> FindTerminalWallets(string terminalId);

    /// Inserts or replaces the terminal's wallet on its network.
    void SetTerminalWallet(TerminalWallet wallet);

    void DeleteTerminalWallet(string terminalId, string network);

    /// The terminal that holds this key on this network, if any.
    string? FindKeyHolder(string network, string xpub);

    /// The key's next unused child index, taken: each index is handed out once, whichever terminal holds the key.
    long TakeAddressIndex(string network, string xpub);

    void InsertWatchedOrder(WatchedOrder order);

    /// Records the order's status as the watcher found or made it; a final one closes it.
    void SetWatchedStatus(string orderId, string status, DateTimeOffset? closedAt);

    /// Takes the network's watcher lease, or renews it when this owner holds it; false when another owner's lease
    /// is still running.
    bool HoldWatcherLease(string network, string owner, DateTimeOffset now, DateTimeOffset until);

    /// Gives the lease up (a process stopping), so another process takes over at once.
    void ReleaseWatcherLease(string network, string owner);

    /// Stores a finished range (its blocks, its transfers, the new progress) when the owner still holds the lease;
    /// false, with nothing written, when it lost it. Blocks older than keepBlocks below the range's end are dropped.
    bool FinishRange(FinishedRange range, int keepBlocks);

    /// After a reorganisation: the blocks above the fork are forgotten, the transfers in them no longer count
    /// (those of orders already Paid are flagged), and progress goes back to the fork. Returns the transfers removed;
    /// null, with nothing written, when the owner lost the lease.
    IReadOnlyList<ChainTransfer>? Rewind(string network, string owner, ChainBlock fork, DateTimeOffset now);
}
