namespace PayState.Server.Storage.Postgres;

/// The events API's listing without a global write lock (docs/architecture.md, "The events API without a write
/// lock"). Batches of several processes commit at once, so a transaction holding a smaller seq may commit after one
/// holding a larger. Events are listed by the transaction that wrote them, and only below the horizon: the oldest
/// transaction of the listing's snapshot that may still write an event. Whatever commits later has a transaction id at
/// or above it, so it sorts after every position answered now.
public sealed partial class PostgresStore
{
    /// The writers of events now: every write batch holds this schema's events table in ROW EXCLUSIVE mode from its
    /// BEGIN, before it has a transaction id (PostgresBatchSession). With the first id not yet given out when they
    /// were read: a transaction that gets one later is not in this list.
    private const string WritersSql = """
        SELECT pg_snapshot_xmax(pg_current_snapshot())::text, coalesce(array_agg(t.transactionid::text), '{}')
        FROM pg_locks r JOIN pg_locks t ON t.virtualtransaction = r.virtualtransaction
        WHERE r.locktype = 'relation' AND r.relation = 'events'::regclass AND r.mode = 'RowExclusiveLock'
          AND t.locktype = 'transactionid' AND t.mode = 'ExclusiveLock' AND t.granted
        """;

    /// In a later snapshot, the transactions still running that may write an event: a writer read just before, or one
    /// that had no id yet then. Another transaction (a report, another schema's writer) does not hold the feed back.
    private const string ListEventsSql = $"""
        WITH horizon AS MATERIALIZED (
            SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot())) AS xid
            FROM pg_snapshot_xip(pg_current_snapshot()) x
            WHERE x >= @idsFrom::xid8 OR x::xid = ANY(@writers::xid[]))
        SELECT {StoreRows.EventColumns}, xid::text::bigint FROM events
        WHERE merchant_id = @merchant AND (xid, seq) > (@afterXid::text::xid8, @afterSeq) AND seq > @keptAbove
          AND xid < (SELECT xid FROM horizon)
        ORDER BY xid, seq LIMIT @limit
        """;

    public async Task<IReadOnlyList<EventRecord>> ListEventsAsync(string merchantId, EventPosition after, long keptAbove, int limit, CancellationToken cancellationToken)
    {
        var (idsFrom, writers) = (await QueryAsync(WritersSql, _ => { }, r => (r.GetString(0), (string[])r.GetValue(1)), cancellationToken)
            .ConfigureAwait(false))[0];
        return await QueryAsync(ListEventsSql,
            c => c.With("@idsFrom", idsFrom).WithArray("@writers", writers).With("@merchant", merchantId)
                .With("@afterXid", after.Xid).With("@afterSeq", after.Seq).With("@keptAbove", keptAbove).With("@limit", limit),
            r => StoreRows.Event(r) with { Xid = r.GetInt64(9) }, cancellationToken).ConfigureAwait(false);
    }
}
