using System.Numerics;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Chain;

/// Where the chain stands for one order: its last finished block, whether the watcher has reached the head, and now.
public sealed record ChainTip(long Number, DateTimeOffset Timestamp, bool AtHead, DateTimeOffset Now)
{
    public long ConfirmationsOf(long blockNumber) => Math.Max(0, Number - blockNumber + 1);

    /// No payment can still land in the order's window: a finished block is later than its end, or the watcher is at
    /// the head past it (any block still to come is later).
    public bool WindowClosed(DateTimeOffset expiredAt) => Timestamp > expiredAt || (AtHead && Now > expiredAt);
}

/// What a watched order's transfers make of it: the moves, in order, from its current status. Only transfers of the
/// order's token, in blocks within its window and still on the chain, count (ChainTransfer.Payment).
///   - Created, a counted transfer in a block: Pending.
///   - Pending (or Created), counted transfers with enough confirmations summing to the amount or more: Paid
///     (over-payment included; the excess shows on the dashboard and in the log).
///   - Created, window closed, nothing counted: Expired.
///   - Pending, window closed, every counted transfer confirmed and still short (under-payment, or the transfers
///     left the chain): Failed.
public static class PaymentRules
{
    public static IReadOnlyList<OrderStatus> Decide(
        OrderStatus status, BigInteger amount, DateTimeOffset expiredAt, int confirmations, IReadOnlyList<ChainTransfer> transfers, ChainTip tip)
    {
        var counted = transfers.Where(t => t.Kind == ChainTransfer.Payment && t.RemovedAt is null).ToList();
        var confirmed = Confirmed(counted, confirmations, tip);
        var paid = confirmed >= amount;
        var closed = tip.WindowClosed(expiredAt);
        if (status == OrderStatus.Created)
        {
            if (counted.Count == 0) return closed ? [OrderStatus.Expired] : [];
            return paid ? [OrderStatus.Pending, OrderStatus.Paid] : [OrderStatus.Pending];
        }
        if (status != OrderStatus.Pending) return [];
        if (paid) return [OrderStatus.Paid];
        var allConfirmed = counted.All(t => tip.ConfirmationsOf(t.BlockNumber) >= confirmations);
        return closed && allConfirmed ? [OrderStatus.Failed] : [];
    }

    /// The sum of counted transfers with at least the required confirmations.
    public static BigInteger Confirmed(IEnumerable<ChainTransfer> counted, int confirmations, ChainTip tip) =>
        counted.Where(t => tip.ConfirmationsOf(t.BlockNumber) >= confirmations).Aggregate(BigInteger.Zero, (sum, t) => sum + t.Amount);
}
