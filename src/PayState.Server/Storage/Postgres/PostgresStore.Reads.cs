using PayState.Server.Dashboard;
using PayState.Server.Delivery;

namespace PayState.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task<string?> GetSettingAsync(string key, CancellationToken cancellationToken) =>
        (await QueryAsync(StoreSql.GetSetting, c => c.With("@key", key), r => r.GetString(0), cancellationToken)
            .ConfigureAwait(false)).FirstOrDefault();

    public Task<MerchantRecord?> FindMerchantAsync(string id, CancellationToken cancellationToken) =>
        QuerySingleAsync(StoreSql.FindMerchant, c => c.With("@id", id), StoreRows.Merchant, cancellationToken);

    public async Task<IReadOnlyList<MerchantRecord>> ListMerchantsAsync(CancellationToken cancellationToken) =>
        await QueryAsync(StoreSql.ListMerchants, _ => { }, StoreRows.Merchant, cancellationToken)
            .ConfigureAwait(false);

    public Task<TerminalRecord?> FindTerminalAsync(string id, CancellationToken cancellationToken) =>
        QuerySingleAsync(StoreSql.FindTerminal, c => c.With("@id", id), StoreRows.Terminal, cancellationToken);

    public Task<PayObject?> FindObjectAsync(string id, CancellationToken cancellationToken) =>
        QuerySingleAsync(PostgresObjectDocument.Find, c => c.With("@id", id), StoreRows.Object, cancellationToken);

    public Task<IdempotencyRecord?> FindIdempotencyAsync(string terminalId, string key, CancellationToken cancellationToken) =>
        QuerySingleAsync(StoreSql.FindIdempotency, c => c.With("@terminal", terminalId).With("@key", key), StoreRows.Idempotency, cancellationToken);

    public Task<DashboardSessionRecord?> FindDashboardSessionAsync(byte[] id, CancellationToken cancellationToken) =>
        QuerySingleAsync(StoreSql.FindDashboardSession, c => c.WithBytes("@id", id),
            DashboardSessionRecord.Read, cancellationToken);

    public async Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(DeliveryQuery query, CancellationToken cancellationToken) =>
        await QueryAsync(StoreSql.ListDeliveries,
            c => c.With("@merchant", query.MerchantId).WithText("@status", query.Status)
                .With("@before", query.BeforeSeq is { } b ? b : null).With("@limit", query.Limit),
            DeliveryRecord.Read, cancellationToken).ConfigureAwait(false);

    public Task<DeliveryRecord?> FindDeliveryAsync(string id, CancellationToken cancellationToken) =>
        QuerySingleAsync(StoreSql.FindDelivery, c => c.With("@id", id), DeliveryRecord.Read, cancellationToken);

    public async Task<IReadOnlyList<AttemptRecord>> ListAttemptsAsync(string deliveryId, CancellationToken cancellationToken) =>
        await QueryAsync(StoreSql.ListAttempts, c => c.With("@id", deliveryId),
            r => new AttemptRecord(r.GetTime(0), r.GetInt32(1), r.GetInt32OrNull(2), r.GetStringOrNull(3), r.GetStringOrNull(4), r.GetStringOrNull(5)),
            cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<TimerRecord>> DueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(StoreSql.DueTimers, c => c.With("@now", now).With("@limit", limit),
            r => new TimerRecord(r.GetString(0), r.GetString(1), r.GetTime(2)), cancellationToken).ConfigureAwait(false);

    public async Task<DateTimeOffset?> NextTimerDueAsync(CancellationToken cancellationToken) =>
        (await QueryAsync(StoreSql.NextTimerDue, _ => { }, r => r.GetTimeOrNull(0), cancellationToken).ConfigureAwait(false))
            .FirstOrDefault();
}
