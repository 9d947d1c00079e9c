using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Chain;

/// Follows a reorganisation back: finds the newest kept block the node still has, forgets what came after it (its
/// transfers no longer count), and lets the next cycle scan the new branch. A transfer that had made an order Paid and
/// left the chain is a reorganisation deeper than the confirmations: logged as an error, flagged for the dashboard.
public sealed class ChainRewind(
    EvmWatch watch, IStore store, EthereumRpc rpc, WatcherStatus status, ChainMetrics metrics, string owner, ILogger log)
{
    /// Rewinds to the fork; true when the next cycle should start at once.
    public async Task<bool> RewindAsync(long head, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var kept = (await store.Chain.RecentBlocksAsync(watch.Network, ChainScanner.KeepBlocks, cancellationToken).ConfigureAwait(false))
            .Where(b => b.Number <= head).ToList();
        var canonical = kept.Count == 0 ? [] : (await rpc.BlocksAsync(kept[^1].Number, kept[0].Number, false, cancellationToken).ConfigureAwait(false))
            .ToDictionary(b => b.Number, b => b.Hash);
        var fork = kept.FirstOrDefault(b => canonical[b.Number] == b.Hash) ?? await BelowKeptAsync(kept, head, cancellationToken).ConfigureAwait(false);
        var removed = await store.WriteAsync(tx => tx.Chain.Rewind(watch.Network, owner, fork, now), cancellationToken).ConfigureAwait(false);
        if (removed is null)
        {
            status.Standby();
            return false;
        }
        status.Reorganised();
        status.Scanned(head, fork.Number);
        metrics.Reorganised(watch.Network);
        log.LogWarning("Chain {Network}: reorganisation, blocks after {Fork} left the chain; {Count} transfer(s) in them no longer count",
            watch.Network, fork.Number, removed.Count);
        foreach (var t in removed.Where(t => t.RemovedAfterPaid))
        {
            metrics.PaidTransferRemoved(watch.Network);
            log.LogError("Chain {Network}: order {OrderId} is Paid on transfer {TxHash} of block {Block}, which left the chain: a reorganisation deeper than its confirmations",
                watch.Network, t.OrderId, t.TxHash, t.BlockNumber);
        }
        return true;
    }

    /// Every kept block left the chain: start again below them, on the node's block there.
    private async Task<ChainBlock> BelowKeptAsync(List<ChainBlock> kept, long head, CancellationToken cancellationToken)
    {
        var number = Math.Max(0, Math.Min(head, (kept.Count == 0 ? head + 1 : kept[^1].Number) - 1));
        log.LogError("Chain {Network}: a reorganisation deeper than the {Kept} blocks kept; scanning again from block {Number}",
            watch.Network, ChainScanner.KeepBlocks, number);
        var block = (await rpc.BlocksAsync(number, number, false, cancellationToken).ConfigureAwait(false))[0];
        return new ChainBlock(watch.Network, block.Number, block.Hash, block.ParentHash, block.Timestamp);
    }
}
