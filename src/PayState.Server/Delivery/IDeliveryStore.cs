using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// What the deliveries API and the dispatcher ask of the store beyond IStore: the outbox as deliveries (list, find,
/// attempts), the dispatcher's claims and outcomes, and writes with the delivery's own statements. Both databases'
/// stores implement it; Hosting registers it as the store.
public interface IDeliveryStore : IStore
{
    /// Runs work as IStore.WriteAsync does, with the delivery's writes beside the store's.
    Task<T> WriteAsync<T>(Func<IDeliveryTransaction, T> work, CancellationToken cancellationToken = default);

    /// Newest first.
    Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(DeliveryQuery query, CancellationToken cancellationToken);

    Task<DeliveryRecord?> FindDeliveryAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<AttemptRecord>> ListAttemptsAsync(string deliveryId, CancellationToken cancellationToken);

    /// Takes due deliveries whose predecessors on the same object and URL are all finished, within the
    /// request's per-host room, and leases them so no other dispatcher takes them meanwhile.
    Task<IReadOnlyList<ClaimedDelivery>> ClaimDeliveriesAsync(ClaimRequest request, CancellationToken cancellationToken);

    /// Stores attempts and their results, releasing the leases, in one transaction.
    Task RecordOutcomesAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken);
}
