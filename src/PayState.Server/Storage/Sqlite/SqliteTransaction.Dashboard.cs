namespace PayState.Server.Storage.Sqlite;

internal sealed partial class SqliteTransaction
{
    public int RequeueDeadDeliveries(string host, DateTimeOffset since, string? merchantId, DateTimeOffset now) =>
        commands.Get(StoreSql.RequeueDeadDeliveries)
            .With("@host", host).With("@since", since).With("@merchant", merchantId).With("@now", now)
            .ExecuteNonQuery();

    public void InsertInboxMessage(string name, DateTimeOffset receivedAt, string headers, string body, int keep)
    {
        commands.Get(StoreSql.InsertInboxMessage)
            .With("@name", name).With("@at", receivedAt).With("@headers", headers).With("@body", body)
            .ExecuteNonQuery();
        commands.Get(StoreSql.PruneInbox)
            .With("@keep", keep)
            .ExecuteNonQuery();
    }
}
