using PayState.Server.Dashboard;
using PayState.Server.Delivery;

namespace PayState.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<IReadOnlyList<PayObject>> ListObjectsAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        var (sql, parameters) = ObjectListSql.Build(query, SqliteObjectDocument.Columns);
        return await QueryAsync(sql, c => { foreach (var (name, value) in parameters) c.With(name, value); }, StoreRows.Object, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<EventRecord>> ListObjectEventsAsync(string objectId, CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {StoreRows.EventColumns} FROM events WHERE object_created = {ObjectCreatedKey.Of} AND object_id = $object ORDER BY sequence",
            c => c.With("$object", objectId), StoreRows.Event, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<DeliveryRecord>> ListObjectDeliveriesAsync(string objectId, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"""
            SELECT {StoreRows.DeliveryColumns} FROM deliveries d JOIN events e ON e.seq = d.event_seq
            WHERE e.object_created = {ObjectCreatedKey.Of} AND e.object_id = $object ORDER BY d.seq
            """,
            c => c.With("$object", objectId), DeliveryRecord.Read, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<HostDeliveries>> ListTroubledHostsAsync(string? merchantId, CancellationToken cancellationToken) =>
        await QueryAsync(StoreSql.ListTroubledHosts(merchantId is not null), c => c.With("@merchant", merchantId),
            r => new HostDeliveries(r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetTime(3)), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<DeliveryRecord>> ListTroubledDeliveriesAsync(string host, string? merchantId, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(StoreSql.ListTroubledDeliveries,
            c => c.With("@merchant", merchantId).With("@host", host).With("@limit", limit),
            DeliveryRecord.Read, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<RecentDelivery>> ListRecentDeliveriesAsync(string? merchantId, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(StoreSql.ListRecentDeliveries(merchantId is not null),
            c => c.With("@merchant", merchantId).With("@limit", limit),
            r => new RecentDelivery(DeliveryRecord.Read(r), r.GetTime(15)), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<InboxMessage>> ListInboxAsync(int limit, CancellationToken cancellationToken) =>
        await QueryAsync(StoreSql.ListInbox, c => c.With("@limit", limit),
            r => new InboxMessage(r.GetInt64(0), r.GetString(1), r.GetTime(2), r.GetString(3), r.GetString(4)), cancellationToken).ConfigureAwait(false);
}
