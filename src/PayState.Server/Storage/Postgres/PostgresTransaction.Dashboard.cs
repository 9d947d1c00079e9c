namespace PayState.Server.Storage.Postgres;

internal sealed partial class PostgresTransaction
{
    public int RequeueDeadDeliveries(string host, DateTimeOffset since, string? merchantId, DateTimeOffset now)
    {
        using var command = Sql("""
            UPDATE deliveries SET status = 'pending', next_attempt_at = @now, lease_until = NULL, updated_at = @now
            WHERE status = 'dead' AND host = @host AND updated_at >= @since AND (@merchant::text IS NULL OR merchant_id = @merchant)
            """)
            .With("@host", host).With("@since", since).WithText("@merchant", merchantId).With("@now", now);
        var requeued = command.ExecuteNonQuery();
        if (requeued > 0) Notices.Deliveries();
        return requeued;
    }

    public void InsertInboxMessage(string name, DateTimeOffset receivedAt, string headers, string body, int keep)
    {
        using (var insert = Sql("INSERT INTO sandbox_inbox (name, received_at, headers, body) VALUES (@name, @at, @headers, @body)"))
        {
            insert.With("@name", name).With("@at", receivedAt).With("@headers", headers).With("@body", body).ExecuteNonQuery();
        }
        using var prune = Sql("DELETE FROM sandbox_inbox WHERE id <= (SELECT max(id) FROM sandbox_inbox) - @keep").With("@keep", keep);
        prune.ExecuteNonQuery();
    }
}
