namespace PayState.Server.Storage.Postgres;

internal sealed partial class PostgresTransaction
{
    public int RequeueDeadDeliveries(string host, DateTimeOffset since, string? merchantId, DateTimeOffset now)
    {
        using var command = Sql(StoreSql.RequeueDeadDeliveries)
            .With("@host", host).With("@since", since).WithText("@merchant", merchantId).With("@now", now);
        var requeued = command.ExecuteNonQuery();
        if (requeued > 0) Notices.Deliveries();
        return requeued;
    }

    public void InsertInboxMessage(string name, DateTimeOffset receivedAt, string headers, string body, int keep)
    {
        using (var insert = Sql(StoreSql.InsertInboxMessage))
        {
            insert.With("@name", name).With("@at", receivedAt).With("@headers", headers).With("@body", body).ExecuteNonQuery();
        }
        using var prune = Sql(StoreSql.PruneInbox).With("@keep", keep);
        prune.ExecuteNonQuery();
    }
}
