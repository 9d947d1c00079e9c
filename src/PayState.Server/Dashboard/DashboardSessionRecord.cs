using System.Data.Common;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// A dashboard session as stored: Id is the SHA-256 of the cookie's value (the cookie itself is never stored), an
/// operator's has no merchant or terminal, and Stamp binds it to the credential that opened it.
public sealed record DashboardSessionRecord(
    byte[] Id, string? MerchantId, string? TerminalId, byte[] Stamp, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    /// A session read from a row of StoreRows.DashboardSessionColumns.
    internal static DashboardSessionRecord Read(DbDataReader r) => new(
        r.GetBytes(0), r.GetStringOrNull(1), r.GetStringOrNull(2), r.GetBytes(3), r.GetTime(4), r.GetTime(5));
}
