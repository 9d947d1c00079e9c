namespace PayState.Server.Storage.Sqlite;

internal sealed partial class SqliteTransaction
{
    public bool UseSignature(byte[] signature, DateTimeOffset keepUntil) =>
        commands.Get("INSERT INTO used_signatures (signature, keep_until) VALUES ($signature, $until) ON CONFLICT (signature) DO NOTHING")
            .With("$signature", signature).With("$until", keepUntil)
            .ExecuteNonQuery() == 1;

    public void InsertDashboardSession(DashboardSessionRecord value) =>
        commands.Get($"INSERT INTO dashboard_sessions ({StoreRows.DashboardSessionColumns}) VALUES ($id, $merchant, $terminal, $stamp, $created, $expires)")
            .With("$id", value.Id).With("$merchant", value.MerchantId).With("$terminal", value.TerminalId).With("$stamp", value.Stamp)
            .With("$created", value.CreatedAt).With("$expires", value.ExpiresAt)
            .ExecuteNonQuery();

    public void DeleteDashboardSession(byte[] id) =>
        commands.Get("DELETE FROM dashboard_sessions WHERE id = $id").With("$id", id).ExecuteNonQuery();

    public int DeleteExpiredAccessRecords(DateTimeOffset now) =>
        commands.Get("DELETE FROM used_signatures WHERE keep_until < $now").With("$now", now).ExecuteNonQuery()
        + commands.Get("DELETE FROM dashboard_sessions WHERE expires_at < $now").With("$now", now).ExecuteNonQuery();
}
