using PayState.Server.Delivery;

namespace PayState.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// "No earlier delivery of this object to this URL is still open": the per-object order guarantee.
    private const string StreamHead = """
        NOT EXISTS (SELECT 1 FROM deliveries p
                    WHERE p.object_id = d.object_id AND p.url = d.url AND p.event_seq < d.event_seq
                      AND p.status IN ('pending', 'failed'))
        """;


    /// The earliest due stream heads whose host and merchant have room (a bounded scan, so a huge backlog costs the
    /// same, and one that has none is skipped before the bound), then at most the room each host and each merchant
    /// has left: ranked by due time within each, a delivery goes when it is within both.
    private static readonly string ClaimSelect = $"""
        WITH ready AS (
            SELECT d.seq, d.host, d.merchant_id, d.next_attempt_at
            FROM deliveries d
            WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= $now
              AND (d.lease_until IS NULL OR d.lease_until <= $now)
              AND {HostRoom("d.host")} > 0
              AND {MerchantRoom("d.merchant_id")} > 0
              AND {StreamHead}
            ORDER BY d.next_attempt_at
            LIMIT $scan),
        ranked AS (
            SELECT seq, host, merchant_id, next_attempt_at,
                   row_number() OVER (PARTITION BY host ORDER BY next_attempt_at, seq) AS host_rank,
                   row_number() OVER (PARTITION BY merchant_id ORDER BY next_attempt_at, seq) AS merchant_rank
            FROM ready)
        SELECT d.id, e.id, d.merchant_id, d.terminal_id, d.object_kind, d.object_id, d.sequence, d.purpose, d.url, d.attempts, coalesce(d.body, e.payload), e.trace_context
        FROM ranked r
        JOIN deliveries d ON d.seq = r.seq
        JOIN events e ON e.seq = d.event_seq
        WHERE r.host_rank <= {HostRoom("r.host")}
          AND r.merchant_rank <= {MerchantRoom("r.merchant_id")}
        ORDER BY r.next_attempt_at
        LIMIT $limit
        """;

    /// The room the host (merchant) in column has left: as named in $hosts ($merchants), else a full share.
    private static string HostRoom(string column) => $"coalesce((SELECT h.value FROM json_each($hosts) h WHERE h.key = {column}), $perHost)";

    private static string MerchantRoom(string column) => $"coalesce((SELECT m.value FROM json_each($merchants) m WHERE m.key = {column}), $perMerchant)";

    public Task<IReadOnlyList<ClaimedDelivery>> ClaimDeliveriesAsync(ClaimRequest request, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<ClaimedDelivery>>(tx => ((SqliteTransaction)tx).Claim(ClaimSelect, request), cancellationToken);

    public Task RecordOutcomesAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken) =>
        WriteAsync(tx =>
        {
            ((SqliteTransaction)tx).RecordOutcomes(outcomes);
            return true;
        }, cancellationToken);
}
