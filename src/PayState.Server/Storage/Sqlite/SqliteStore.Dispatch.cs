namespace PayState.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// "No earlier delivery of this object to this URL is still open": the per-object order guarantee.
    private const string StreamHead = """
        NOT EXISTS (SELECT 1 FROM deliveries p
                    WHERE p.object_id = d.object_id AND p.url = d.url AND p.event_seq < d.event_seq
                      AND p.status IN ('pending', 'failed'))
        """;

    private const string ClaimSelect = $"""
        SELECT d.id, e.id, d.terminal_id, d.object_kind, d.object_id, d.sequence, d.purpose, d.url, d.attempts, e.payload
        FROM deliveries d JOIN events e ON e.seq = d.event_seq
        WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= $now
          AND (d.lease_until IS NULL OR d.lease_until <= $now)
          AND {StreamHead}
        ORDER BY d.next_attempt_at
        LIMIT $limit
        """;

    public Task<IReadOnlyList<ClaimedDelivery>> ClaimDeliveriesAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<ClaimedDelivery>>(tx => ((SqliteTransaction)tx).Claim(ClaimSelect, now, leaseUntil, limit), cancellationToken);

    public Task RecordOutcomesAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken) =>
        WriteAsync(tx =>
        {
            ((SqliteTransaction)tx).Record(outcomes);
            return true;
        }, cancellationToken);
}
