using PayState.Server.Dashboard;
using PayState.Server.Delivery;

namespace PayState.Server.Storage.Sqlite;

public sealed partial class SqliteStore
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

    public Task<TerminalRecord?> FindTerminalByApiKeyAsync(string apiKey, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _apiKeys.TryFind(apiKey, out var cached, out var generation) ? cached : LoadTerminalAsync(apiKey, generation, cancellationToken);
    }

    private async Task<TerminalRecord?> LoadTerminalAsync(string apiKey, long generation, CancellationToken cancellationToken)
    {
        var terminal = await QuerySingleAsync(StoreSql.FindTerminalByApiKey, c => c.With("@key", apiKey), StoreRows.Terminal, cancellationToken)
            .ConfigureAwait(false);
        if (terminal is not null) _apiKeys.Add(apiKey, terminal, generation);
        return terminal;
    }

    /// The status read and every change's first read: through SQLite's own API (SqliteStatement).
    public Task<PayObject?> FindObjectAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_readers.Read(commands =>
            commands.Statement(SqliteObjectDocument.Find).With("$id", id).Single(SqliteObjectDocument.Read)));
    }

    public Task<IdempotencyRecord?> FindIdempotencyAsync(string terminalId, string key, CancellationToken cancellationToken) =>
        QuerySingleAsync(StoreSql.FindIdempotency, c => c.With("@terminal", terminalId).With("@key", key), StoreRows.Idempotency, cancellationToken);

    public Task<DashboardSessionRecord?> FindDashboardSessionAsync(byte[] id, CancellationToken cancellationToken) =>
        QuerySingleAsync(StoreSql.FindDashboardSession, c => c.With("@id", id),
            DashboardSessionRecord.Read, cancellationToken);

    /// One writer commits in seq order, so the sequence alone is the position.
    public async Task<IReadOnlyList<EventRecord>> ListEventsAsync(string merchantId, EventPosition after, long keptAbove, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"SELECT {StoreRows.EventColumns} FROM events WHERE merchant_id = $merchant AND seq > $after ORDER BY seq LIMIT $limit",
            c => c.With("$merchant", merchantId).With("$after", Math.Max(after.Seq, keptAbove)).With("$limit", limit),
            StoreRows.Event, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(DeliveryQuery query, CancellationToken cancellationToken) =>
        await QueryAsync(StoreSql.ListDeliveries,
            c => c.With("@merchant", query.MerchantId).With("@status", query.Status).With("@before", query.BeforeSeq).With("@limit", query.Limit),
            DeliveryRecord.Read, cancellationToken).ConfigureAwait(false);

    public Task<DeliveryRecord?> FindDeliveryAsync(string id, CancellationToken cancellationToken) =>
        QuerySingleAsync(StoreSql.FindDelivery, c => c.With("@id", id), DeliveryRecord.Read, cancellationToken);

    public async Task<IReadOnlyList<AttemptRecord>> ListAttemptsAsync(string deliveryId, CancellationToken cancellationToken) =>
        await QueryAsync(StoreSql.ListAttempts, c => c.With("@id", deliveryId),
            r => new AttemptRecord(r.GetTime(0), r.GetInt32(1), r.GetInt32OrNull(2), r.GetStringOrNull(3), r.GetStringOrNull(4), r.GetStringOrNull(5)),
            cancellationToken).ConfigureAwait(false);

    public async Task<DateTimeOffset?> NextDeliveryDueAsync(CancellationToken cancellationToken) =>
        (await QueryAsync(
            // A leased row comes due again when its lease runs out, whatever its retry time says.
            $"SELECT min(max(d.next_attempt_at, coalesce(d.lease_until, 0))) FROM deliveries d WHERE d.status IN ('pending', 'failed') AND {StreamHead}",
            _ => { }, r => r.GetTimeOrNull(0), cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<IReadOnlyList<TimerRecord>> DueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(StoreSql.DueTimers, c => c.With("@now", now).With("@limit", limit),
            r => new TimerRecord(r.GetString(0), r.GetString(1), r.GetTime(2)), cancellationToken).ConfigureAwait(false);

    public async Task<DateTimeOffset?> NextTimerDueAsync(CancellationToken cancellationToken) =>
        (await QueryAsync(StoreSql.NextTimerDue, _ => { }, r => r.GetTimeOrNull(0), cancellationToken).ConfigureAwait(false))
            .FirstOrDefault();
}
