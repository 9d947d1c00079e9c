using System.Numerics;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Chain;

/// Moves the watched orders the chain has decided, through the lifecycle engine like the processor's moves: one
/// event (and webhook) per change. Each order is decided again on its locked row, so a move the processor made
/// meanwhile is seen, and the watcher's copy of its status is written in the same transaction.
public sealed class ChainMoves(IStore store, LifecycleEngine engine, ObjectKinds kinds, ILogger<ChainMoves> log)
{
    public async Task DecideAsync(string network, ChainTip tip, CancellationToken cancellationToken)
    {
        var orders = await store.Chain.WatchedOrdersAsync(network, DateTimeOffset.MaxValue, cancellationToken).ConfigureAwait(false);
        var transfers = (await store.Chain.OpenOrderTransfersAsync(network, cancellationToken).ConfigureAwait(false)).ToLookup(t => t.OrderId);
        foreach (var order in orders)
        {
            var seen = transfers[order.OrderId].ToList();
            var status = OrderStatus.Find(order.Status) ?? OrderStatus.Created;
            if (PaymentRules.Decide(status, order.Amount, order.ExpiredAt, order.Confirmations, seen, tip).Count == 0) continue;
            await MoveAsync(order, seen, tip, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MoveAsync(WatchedOrder order, IReadOnlyList<ChainTransfer> seen, ChainTip tip, CancellationToken cancellationToken)
    {
        var now = engine.Now;
        var results = await store.WriteAsync(tx =>
        {
            var changes = new List<ChangeResult>();
            if (tx.LockObject(order.OrderId) is not { } current) return changes;
            var status = OrderStatus.Find(current.State) ?? throw new InvalidOperationException($"Order {order.OrderId} has the unknown status {current.State}.");
            foreach (var next in PaymentRules.Decide(status, order.Amount, order.ExpiredAt, order.Confirmations, seen, tip))
            {
                var result = LifecycleEngine.Apply(tx, kinds[current.Kind], current, (o, c) => AcquiringOrderKind.Observe(o, next, c), now);
                if (result.Status != ChangeStatus.Changed) break;
                changes.Add(result);
                current = result.Object!;
            }
            var reached = OrderStatus.Find(current.State)!;
            tx.Chain.SetWatchedStatus(order.OrderId, reached.Name, reached.IsFinal ? now : null);
            return changes;
        }, cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            engine.Committed(result);
            Report(order, result.Object!.State, seen, tip);
        }
    }

    private void Report(WatchedOrder order, string state, IReadOnlyList<ChainTransfer> seen, ChainTip tip)
    {
        var counted = seen.Where(t => t.Kind == ChainTransfer.Payment).ToList();
        var received = counted.Aggregate(BigInteger.Zero, (sum, t) => sum + t.Amount);
        log.LogInformation("Chain: order {OrderId} is now {Status}: received {Received} of {Amount} in {Transfers} transfer(s), block {Block}",
            order.OrderId, state, received, order.Amount, counted.Count, tip.Number);
        if (state == OrderStatus.Paid.Name && received > order.Amount)
            log.LogWarning("Chain: order {OrderId} was over-paid by {Excess} (smallest units): the merchant may refund it", order.OrderId, received - order.Amount);
        if (state == OrderStatus.Failed.Name && received > 0)
            log.LogWarning("Chain: order {OrderId} failed under-paid, {Received} of {Amount} received by its end: the merchant may refund it",
                order.OrderId, received, order.Amount);
    }
}
