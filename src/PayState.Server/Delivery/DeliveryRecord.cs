using System.Data.Common;
using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// A delivery as the deliveries API shows it.
public sealed record DeliveryRecord(
    long Seq,
    string Id,
    string EventId,
    string MerchantId,
    string ObjectKind,
    string ObjectId,
    int Version,
    string Purpose,
    string Url,
    string Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt)
{
    /// A delivery read from a row of StoreRows.DeliveryColumns, as both databases' queries select it.
    internal static DeliveryRecord Read(DbDataReader r)
    {
        var status = r.GetString(9);
        var open = status is DeliveryStatus.Pending or DeliveryStatus.Failed;
        return new(
            r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt32(6),
            r.GetString(7), r.GetString(8), status, r.GetInt32(10), open ? r.GetTime(11) : null, r.GetInt32OrNull(12),
            r.GetStringOrNull(13), r.GetTime(14));
    }
}
