using PayState.Server.Delivery;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// What the dashboard asks of the store beyond delivery's (it shows and resends deliveries): its sessions, the object
/// list, an object's deliveries, host health, the recent deliveries and the sandbox inbox. Both databases' stores
/// implement it; Hosting registers it as the store.
public interface IDashboardStore : IDeliveryStore
{
    /// Runs work as IStore.WriteAsync does, with the dashboard's writes beside delivery's and the store's.
    Task<T> WriteAsync<T>(Func<IDashboardTransaction, T> work, CancellationToken cancellationToken = default);

    /// The dashboard session whose cookie hashes to id, expired or not, or null.
    Task<DashboardSessionRecord?> FindDashboardSessionAsync(byte[] id, CancellationToken cancellationToken);

    /// The dashboard's list: newest first (created_at, then id, descending), one keyset page.
    Task<IReadOnlyList<PayObject>> ListObjectsAsync(ObjectQuery query, CancellationToken cancellationToken);

    /// An object's deliveries, oldest first.
    Task<IReadOnlyList<DeliveryRecord>> ListObjectDeliveriesAsync(string objectId, CancellationToken cancellationToken);

    /// Target hosts with failing or dead deliveries (of one merchant, or of all when null), most troubled first.
    Task<IReadOnlyList<HostDeliveries>> ListTroubledHostsAsync(string? merchantId, CancellationToken cancellationToken);

    /// The failing and dead deliveries to one host (of one merchant, or of all when null), latest changed first.
    Task<IReadOnlyList<DeliveryRecord>> ListTroubledDeliveriesAsync(string host, string? merchantId, int limit, CancellationToken cancellationToken);

    /// The newest deliveries of every status, newest first; a merchant's own, or every merchant's when merchantId is null.
    Task<IReadOnlyList<RecentDelivery>> ListRecentDeliveriesAsync(string? merchantId, int limit, CancellationToken cancellationToken);

    /// The sandbox inbox, newest first.
    Task<IReadOnlyList<InboxMessage>> ListInboxAsync(int limit, CancellationToken cancellationToken);
}
