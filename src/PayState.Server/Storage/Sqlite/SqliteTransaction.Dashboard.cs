namespace PayState.Server.Storage.Sqlite;

internal sealed partial class SqliteTransaction
{
    // SQLite uses a partial index only for the very term it was made with: hence the redundant IN (migration 0003).
    public int RequeueDeadDeliveries(string host, DateTimeOffset since, string? merchantId, DateTimeOffset now) =>
        commands.Get("""
            UPDATE deliveries SET status = 'pending', next_attempt_at = $now, lease_until = NULL, updated_at = $now
            WHERE status IN ('failed', 'dead') AND status = 'dead' AND host = $host AND updated_at >= $since AND ($merchant IS NULL OR merchant_id = $merchant)
            """)
            .With("$host", host).With("$since", since).With("$merchant", merchantId).With("$now", now)
            .ExecuteNonQuery();

    public void InsertInboxMessage(string name, DateTimeOffset receivedAt, string headers, string body, int keep)
    {
        commands.Get("INSERT INTO sandbox_inbox (name, received_at, headers, body) VALUES ($name, $at, $headers, $body)")
            .With("$name", name).With("$at", receivedAt).With("$headers", headers).With("$body", body)
            .ExecuteNonQuery();
        commands.Get("DELETE FROM sandbox_inbox WHERE id <= (SELECT max(id) FROM sandbox_inbox) - $keep")
            .With("$keep", keep)
            .ExecuteNonQuery();
    }
}
