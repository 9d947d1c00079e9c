using PayState.Server.Dashboard;

namespace PayState.Server.Storage.Sqlite;

internal sealed partial class SqliteTransaction
{
    public bool UseSignature(byte[] signature, DateTimeOffset keepUntil) =>
        commands.Get(StoreSql.UseSignature)
            .With("@signature", signature).With("@until", keepUntil)
            .ExecuteNonQuery() == 1;

    public void InsertDashboardSession(DashboardSessionRecord value) =>
        commands.Get(StoreSql.InsertDashboardSession)
            .With("@id", value.Id).With("@merchant", value.MerchantId).With("@terminal", value.TerminalId).With("@stamp", value.Stamp)
            .With("@created", value.CreatedAt).With("@expires", value.ExpiresAt)
            .ExecuteNonQuery();

    public void DeleteDashboardSession(byte[] id) =>
        commands.Get(StoreSql.DeleteDashboardSession).With("@id", id).ExecuteNonQuery();

    public int DeleteExpiredAccessRecords(DateTimeOffset now) =>
        commands.Get(StoreSql.DeleteExpiredSignatures).With("@now", now).ExecuteNonQuery()
        + commands.Get(StoreSql.DeleteExpiredSessions).With("@now", now).ExecuteNonQuery();
}
