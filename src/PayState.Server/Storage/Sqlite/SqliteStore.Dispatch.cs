namespace PayState.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// "No earlier delivery of this object to this URL is still open": the per-object order guarantee.
    private const string StreamHead = """
        NOT EXISTS (SELECT 1 FROM deliveries p
                    WHERE p.object_id = d.object_id AND p.url = d.url AND p.event_seq < d.event_seq
                      AND p.status IN ('pending', 'failed'))
        """;

    /// The earliest due stream heads on hosts with room (a bounded scan, so a huge backlog costs the same),
    /// then at most the remaining room per host.
    private const string ClaimSelect = $"""
        WITH ready AS (
            SELECT d.seq, d.host, d.next_attempt_at
            FROM deliveries d
            WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= $now
              AND (d.lease_until IS NULL OR d.lease_until <= $now)
              AND NOT EXISTS (SELECT 1 FROM json_each($busy) b WHERE b.key = d.host AND b.value >= $perHost)
              AND {StreamHead}
            ORDER BY d.next_attempt_at
            LIMIT $scan),
        ranked AS (
            SELECT seq, host, next_attempt_at, row_number() OVER (PARTITION BY host ORDER BY next_attempt_at, seq) AS rn FROM ready)
        SELECT d.id, e.id, d.terminal_id, d.object_kind, d.object_id, d.sequence, d.purpose, d.url, d.attempts, coalesce(d.body, e.payload), e.trace_context
        FROM ranked r
        JOIN deliveries d ON d.seq = r.seq
        JOIN events e ON e.seq = d.event_seq
        LEFT JOIN json_each($busy) b ON b.key = r.host
        WHERE r.rn <= $perHost - coalesce(b.value, 0)
        ORDER BY r.next_attempt_at
        LIMIT $limit
        """;

    public Task<IReadOnlyList<ClaimedDelivery>> ClaimDeliveriesAsync(ClaimRequest request, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<ClaimedDelivery>>(tx => ((SqliteTransaction)tx).Claim(ClaimSelect, request), cancellationToken);

    public Task RecordOutcomesAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken) =>
        WriteAsync(tx =>
        {
            tx.RecordOutcomes(outcomes);
            return true;
        }, cancellationToken);
}
