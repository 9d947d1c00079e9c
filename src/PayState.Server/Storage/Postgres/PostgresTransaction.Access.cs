namespace PayState.Server.Storage.Postgres;

internal sealed partial class PostgresTransaction
{
    // A concurrent insert of the same signature by another process waits for that one's commit, then does nothing.
    public bool UseSignature(byte[] signature, DateTimeOffset keepUntil)
    {
        using var command = Sql("INSERT INTO used_signatures (signature, keep_until) VALUES (@signature, @until) ON CONFLICT (signature) DO NOTHING")
            .WithBytes("@signature", signature).With("@until", keepUntil);
        return command.ExecuteNonQuery() == 1;
    }

    public void InsertDashboardSession(DashboardSessionRecord value)
    {
        using var command = Sql($"INSERT INTO dashboard_sessions ({StoreRows.DashboardSessionColumns}) VALUES (@id, @merchant, @terminal, @stamp, @created, @expires)")
            .WithBytes("@id", value.Id).WithText("@merchant", value.MerchantId).WithText("@terminal", value.TerminalId).WithBytes("@stamp", value.Stamp)
            .With("@created", value.CreatedAt).With("@expires", value.ExpiresAt);
        command.ExecuteNonQuery();
    }

    public void DeleteDashboardSession(byte[] id)
    {
        using var command = Sql("DELETE FROM dashboard_sessions WHERE id = @id").WithBytes("@id", id);
        command.ExecuteNonQuery();
    }

    public int DeleteExpiredAccessRecords(DateTimeOffset now)
    {
        using var signatures = Sql("DELETE FROM used_signatures WHERE keep_until < @now").With("@now", now);
        using var sessions = Sql("DELETE FROM dashboard_sessions WHERE expires_at < @now").With("@now", now);
        return signatures.ExecuteNonQuery() + sessions.ExecuteNonQuery();
    }
}
