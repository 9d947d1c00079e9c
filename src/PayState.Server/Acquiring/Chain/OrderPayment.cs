using System.Numerics;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Chain;

/// An acquiring order's payment side for its dashboard page: what it asks for, its QR code and, when a watcher decides
/// it, the transfers seen with their confirmations against the last block the watcher finished.
public sealed record OrderPaymentModel(Order Order, WatchedOrder? Watch, IReadOnlyList<ChainTransfer> Transfers, long? FinishedBlock)
{
    public PaymentQr? Qr { get; init; }

    /// What the counted transfers add up to (still on the chain).
    public BigInteger Received => Transfers.Where(t => t.Kind == ChainTransfer.Payment && t.RemovedAt is null).Aggregate(BigInteger.Zero, (s, t) => s + t.Amount);

    public long? ConfirmationsOf(ChainTransfer transfer) =>
        transfer.RemovedAt is null && FinishedBlock is { } done ? Math.Max(0, done - transfer.BlockNumber + 1) : null;

    public static async Task<OrderPaymentModel> LoadAsync(IStore store, PayObject value, CancellationToken cancellationToken)
    {
        var order = AcquiringOrderJson.ReadDocument(value.Data);
        var qr = PaymentQr.Of(value);
        var watch = await store.Chain.FindWatchedOrderAsync(value.Id, cancellationToken);
        if (watch is null) return new OrderPaymentModel(order, null, [], null) { Qr = qr };
        var transfers = await store.Chain.OrderTransfersAsync(value.Id, cancellationToken);
        var progress = await store.Chain.FindWatcherAsync(watch.Network, cancellationToken);
        return new OrderPaymentModel(order, watch, transfers, progress?.FinishedBlock) { Qr = qr };
    }
}
