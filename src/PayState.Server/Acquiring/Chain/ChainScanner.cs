using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Chain;

/// One cycle of a network's watcher: hold the lease, read the blocks after the last finished one (up to the head,
/// at most MaxBlocks), find the transfers to watched addresses, store them with the new progress in one transaction,
/// then decide the orders. A block whose parent is not the one finished before means a reorganisation (ChainRewind).
public sealed class ChainScanner(
    EvmWatch watch, IReadOnlyList<string> tokenContracts, IStore store, EthereumRpc rpc, ChainRewind rewind, ChainMoves moves, WatcherStatus status,
    string owner, ILogger log)
{
    public const int MaxBlocks = 100;

    /// Finished blocks kept to find a fork: deeper reorganisations than this are not followed back.
    public const int KeepBlocks = 256;

    /// How long after an order ends transfers to its address are still recorded (late payments).
    public static readonly TimeSpan LateWindow = TimeSpan.FromHours(24);

    private bool _chainChecked;

    public TimeSpan Lease => watch.PollInterval * 3 > TimeSpan.FromSeconds(30) ? watch.PollInterval * 3 : TimeSpan.FromSeconds(30);

    /// Runs one cycle; true when more blocks wait (the next cycle should start at once).
    public async Task<bool> ScanAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await store.WriteAsync(tx => tx.Chain.HoldWatcherLease(watch.Network, owner, now, now + Lease), cancellationToken).ConfigureAwait(false))
        {
            status.Standby();
            return false;
        }
        if (!await ChainMatchesAsync(cancellationToken).ConfigureAwait(false)) return false;
        var head = await rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
        var progress = await store.Chain.FindWatcherAsync(watch.Network, cancellationToken).ConfigureAwait(false);
        // A chain shorter than what was finished has dropped blocks: a reorganisation.
        if (progress?.FinishedBlock is { } done && done > head) return await rewind.RewindAsync(head, now, cancellationToken).ConfigureAwait(false);
        // The first run starts at the head: orders are watched from their creation, which is now.
        var from = progress?.FinishedBlock is { } finished ? finished + 1 : head;
        if (from > head)
        {
            status.Scanned(head, from - 1);
            await DecideAsync(head, now, cancellationToken).ConfigureAwait(false);
            return false;
        }
        var to = Math.Min(head, from + MaxBlocks - 1);
        var orders = await store.Chain.WatchedOrdersAsync(watch.Network, now - LateWindow, cancellationToken).ConfigureAwait(false);
        var blocks = await rpc.BlocksAsync(from, to, orders.Any(o => o.ClosedAt is null && o.TokenContract is null), cancellationToken).ConfigureAwait(false);
        if (progress?.FinishedHash is { } parent && blocks[0].ParentHash != parent)
            return await rewind.RewindAsync(head, now, cancellationToken).ConfigureAwait(false);
        for (var i = 1; i < blocks.Count; i++)
        {
            if (blocks[i].ParentHash != blocks[i - 1].Hash) throw new ChainMovedException($"Block {blocks[i].Number} does not follow the block read before it.");
        }
        var transfers = orders.Count == 0 ? [] : TransferMatcher.Match(
            watch.Network, orders, blocks, await LogsAsync(orders, from, to, cancellationToken).ConfigureAwait(false), now);
        var range = new FinishedRange(watch.Network, owner, head,
            [.. blocks.Select(b => new ChainBlock(watch.Network, b.Number, b.Hash, b.ParentHash, b.Timestamp))], transfers, now);
        if (!await store.WriteAsync(tx => tx.Chain.FinishRange(range, KeepBlocks), cancellationToken).ConfigureAwait(false))
        {
            status.Standby();
            return false;
        }
        Report(transfers);
        status.Scanned(head, to);
        await moves.DecideAsync(watch.Network, new ChainTip(to, blocks[^1].Timestamp, to == head, now), cancellationToken).ConfigureAwait(false);
        return to < head;
    }

    /// Gives the lease up when the process stops, so another one takes over without waiting for it to run out.
    public async Task ReleaseAsync()
    {
        try
        {
            await store.WriteAsync(tx =>
            {
                tx.Chain.ReleaseWatcherLease(watch.Network, owner);
                return true;
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning("Chain {Network}: the watcher lease was not given up ({Error}); another process takes over when it runs out", watch.Network, e.Message);
        }
    }

    /// Once per process: a node of another chain would make every address and contract mean something else.
    private async Task<bool> ChainMatchesAsync(CancellationToken cancellationToken)
    {
        if (_chainChecked) return true;
        var chainId = await rpc.ChainIdAsync(cancellationToken).ConfigureAwait(false);
        if (chainId != watch.ChainId)
        {
            var error = $"The node at {watch.RpcForDisplay} is on chain {chainId}, not {watch.ChainId} (PAYSTATE_ETHEREUM_CHAIN_ID); nothing is scanned.";
            if (status.State != WatcherState.WrongChain) log.LogError("Chain {Network}: {Error}", watch.Network, error);
            status.WrongChain(error);
            return false;
        }
        return _chainChecked = true;
    }

    /// Transfers of every token of the network, so a payment in the wrong one is seen too.
    private Task<IReadOnlyList<RpcTransferLog>> LogsAsync(IReadOnlyList<WatchedOrder> orders, long from, long to, CancellationToken cancellationToken) =>
        rpc.TransferLogsAsync(from, to, tokenContracts, [.. orders.Select(o => o.Address).Distinct()], cancellationToken);

    /// Nothing new to read: confirmations do not change, but the clock may have closed windows.
    private async Task DecideAsync(long head, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if ((await store.Chain.RecentBlocksAsync(watch.Network, 1, cancellationToken).ConfigureAwait(false)) is [var last])
            await moves.DecideAsync(watch.Network, new ChainTip(last.Number, last.Timestamp, last.Number >= head, now), cancellationToken).ConfigureAwait(false);
    }

    private void Report(IReadOnlyList<ChainTransfer> transfers)
    {
        foreach (var t in transfers)
        {
            var level = t.Kind == ChainTransfer.Payment ? LogLevel.Information : LogLevel.Warning;
            log.Log(level, "Chain {Network}: {Kind} transfer of {Amount} ({Token}) to order {OrderId} in block {Block}, tx {TxHash}",
                t.Network, t.Kind, t.Amount, t.TokenContract ?? "native", t.OrderId, t.BlockNumber, t.TxHash);
        }
    }
}
