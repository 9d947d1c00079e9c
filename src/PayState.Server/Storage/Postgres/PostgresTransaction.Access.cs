using PayState.Server.Dashboard;

namespace PayState.Server.Storage.Postgres;

internal sealed partial class PostgresTransaction
{
    // A concurrent insert of the same signature by another process waits for that one's commit, then does nothing.
    public bool UseSignature(byte[] signature, DateTimeOffset keepUntil)
    {
        using var command = Sql(StoreSql.UseSignature)
            .WithBytes("@signature", signature).With("@until", keepUntil);
        return command.ExecuteNonQuery() == 1;
    }

    public void InsertDashboardSession(DashboardSessionRecord value)
    {
        using var command = Sql(StoreSql.InsertDashboardSession)
            .WithBytes("@id", value.Id).WithText("@merchant", value.MerchantId).WithText("@terminal", value.TerminalId).WithBytes("@stamp", value.Stamp)
            .With("@created", value.CreatedAt).With("@expires", value.ExpiresAt);
        command.ExecuteNonQuery();
    }

    public void DeleteDashboardSession(byte[] id)
    {
        using var command = Sql(StoreSql.DeleteDashboardSession).WithBytes("@id", id);
        command.ExecuteNonQuery();
    }

    public int DeleteExpiredAccessRecords(DateTimeOffset now)
    {
        using var signatures = Sql(StoreSql.DeleteExpiredSignatures).With("@now", now);
        using var sessions = Sql(StoreSql.DeleteExpiredSessions).With("@now", now);
        return signatures.ExecuteNonQuery() + sessions.ExecuteNonQuery();
    }
}
