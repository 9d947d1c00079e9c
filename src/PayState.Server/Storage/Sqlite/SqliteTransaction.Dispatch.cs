using System.Text.Json;
using PayState.Server.Delivery;

namespace PayState.Server.Storage.Sqlite;

internal sealed partial class SqliteTransaction
{
    public List<ClaimedDelivery> Claim(string claimSelect, ClaimRequest request)
    {
        var claimed = new List<ClaimedDelivery>();
        var room = request.Room;
        using (var r = commands.Get(claimSelect).With("$now", request.Now).With("$limit", request.Limit).With("$scan", request.Limit * 4)
                   .With("$perHost", room.PerHost).With("$perMerchant", room.PerMerchant)
                   .With("$hosts", Json(room.Hosts)).With("$merchants", Json(room.Merchants)).ExecuteReader())
        {
            while (r.Read())
            {
                claimed.Add(new ClaimedDelivery(
                    r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt32(6),
                    r.GetString(7), r.GetString(8), r.GetInt32(9), r.GetBytes(10), request.LeaseUntil)
                {
                    Trace = TraceContextBytes.Read(r.IsDBNull(11) ? null : r.GetBytes(11)),
                });
            }
        }
        foreach (var delivery in claimed)
        {
            commands.Get("UPDATE deliveries SET lease_until = $lease WHERE id = $id")
                .With("$lease", request.LeaseUntil).With("$id", delivery.Id)
                .ExecuteNonQuery();
        }
        return claimed;
    }

    private static string Json(IReadOnlyDictionary<string, int> room) =>
        JsonSerializer.Serialize(new Dictionary<string, int>(room), StoreJsonContext.Default.DictionaryStringInt32);

    public int CancelOpenDeliveries(string objectId, string purpose, string reason, DateTimeOffset now) =>
        commands.Get(StoreSql.CancelOpenDeliveries)
            .With("@object", objectId).With("@purpose", purpose).With("@reason", reason).With("@now", now)
            .ExecuteNonQuery();

    public int ReleaseLeases(IReadOnlyList<string> deliveryIds)
    {
        var released = 0;
        foreach (var id in deliveryIds)
            released += commands.Get("UPDATE deliveries SET lease_until = NULL WHERE id = $id AND status IN ('pending', 'failed')").With("$id", id).ExecuteNonQuery();
        return released;
    }

    public int ReleaseLeasesHeldUntil(IReadOnlyList<DateTimeOffset> leases)
    {
        var released = 0;
        foreach (var lease in leases)
        {
            released += commands.Get("UPDATE deliveries SET lease_until = NULL WHERE lease_until = $lease AND status IN ('pending', 'failed')")
                .With("$lease", lease).ExecuteNonQuery();
        }
        return released;
    }

    public void RecordOutcomes(IReadOnlyList<DeliveryOutcome> outcomes)
    {
        foreach (var o in outcomes)
        {
            commands.Statement(StoreSql.RecordOutcome)
                .With("@id", o.DeliveryId).With("@status", o.NewStatus).With("@next", o.NextAttemptAt).With("@held", o.HeldUntil)
                .With("@code", o.StatusCode).With("@error", o.Error).With("@at", o.AttemptedAt)
                .Execute();
            commands.Statement(StoreSql.InsertAttempt)
                .With("@id", o.DeliveryId).With("@at", o.AttemptedAt).With("@duration", o.DurationMs)
                .With("@code", o.StatusCode).With("@error", o.Error).With("@body", o.ResponseBody).With("@node", o.Node)
                .Execute();
        }
    }
}
