using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Chain;

/// Turns what a range of blocks holds for the watched addresses into transfer rows, each with what it counts as.
public static class TransferMatcher
{
    public static IReadOnlyList<ChainTransfer> Match(
        string network, IReadOnlyList<WatchedOrder> orders, IReadOnlyList<RpcBlock> blocks, IReadOnlyList<RpcTransferLog> logs, DateTimeOffset now)
    {
        var byAddress = orders.GroupBy(o => o.Address).ToDictionary(g => g.Key, g => g.OrderByDescending(o => o.CreatedAt).First());
        var byNumber = blocks.ToDictionary(b => b.Number);
        var transfers = new List<ChainTransfer>();
        foreach (var log in logs)
        {
            if (!byAddress.TryGetValue(log.To, out var order) || !byNumber.TryGetValue(log.BlockNumber, out var block)) continue;
            if (block.Hash != log.BlockHash) throw new ChainMovedException($"A log of block {log.BlockNumber} names another block than the one read.");
            transfers.Add(Row(network, order, block, log.TxHash, log.LogIndex, log.Contract, log.From, log.Value, now));
        }
        foreach (var block in blocks)
        {
            foreach (var tx in block.Transactions)
            {
                if (tx.Value.IsZero || tx.To is null || !byAddress.TryGetValue(tx.To, out var order)) continue;
                transfers.Add(Row(network, order, block, tx.Hash, -1, null, tx.From, tx.Value, now));
            }
        }
        return transfers;
    }

    private static ChainTransfer Row(
        string network, WatchedOrder order, RpcBlock block, string txHash, int logIndex, string? contract, string from, System.Numerics.BigInteger value, DateTimeOffset now) =>
        new(network, block.Hash, txHash, logIndex, block.Number, block.Timestamp, order.OrderId, contract, from, value,
            KindOf(order, contract, block.Timestamp), now, null, false);

    private static string KindOf(WatchedOrder order, string? contract, DateTimeOffset blockTime) =>
        contract != order.TokenContract ? ChainTransfer.WrongToken
        : order.ClosedAt is not null || blockTime > order.ExpiredAt ? ChainTransfer.Late
        : ChainTransfer.Payment;
}
