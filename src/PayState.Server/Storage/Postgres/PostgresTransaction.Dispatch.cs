using Npgsql;
using System.Text.Json;
using PayState.Server.Delivery;

namespace PayState.Server.Storage.Postgres;

internal sealed partial class PostgresTransaction
{
    /// The earliest due stream heads whose host and merchant have room, locked with SKIP LOCKED so processes claiming
    /// at the same time take different rows, then at most the room each host and each merchant has left (ranked by due
    /// time within each, a delivery goes when it is within both), leased in the same statement. A host (merchant)
    /// named in @hosts (@merchants) has the room named, any other a full share.
    private const string ClaimSql = """
        WITH ready AS (
            SELECT d.seq, d.host, d.merchant_id, d.next_attempt_at
            FROM deliveries d
            WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= @now
              AND (d.lease_until IS NULL OR d.lease_until <= @now)
              AND coalesce((@hosts::jsonb ->> d.host)::int, @perHost) > 0
              AND coalesce((@merchants::jsonb ->> d.merchant_id)::int, @perMerchant) > 0
              AND NOT EXISTS (SELECT 1 FROM deliveries p
                              WHERE p.object_id = d.object_id AND p.url = d.url AND p.event_seq < d.event_seq
                                AND p.status IN ('pending', 'failed'))
            ORDER BY d.next_attempt_at
            LIMIT @scan
            FOR UPDATE OF d SKIP LOCKED),
        ranked AS (
            SELECT seq, host, merchant_id, next_attempt_at,
                   row_number() OVER (PARTITION BY host ORDER BY next_attempt_at, seq) AS host_rank,
                   row_number() OVER (PARTITION BY merchant_id ORDER BY next_attempt_at, seq) AS merchant_rank
            FROM ready),
        chosen AS (
            SELECT r.seq FROM ranked r
            WHERE r.host_rank <= coalesce((@hosts::jsonb ->> r.host)::int, @perHost)
              AND r.merchant_rank <= coalesce((@merchants::jsonb ->> r.merchant_id)::int, @perMerchant)
            ORDER BY r.next_attempt_at
            LIMIT @limit)
        UPDATE deliveries d SET lease_until = @lease
        FROM chosen c, events e
        WHERE d.seq = c.seq AND e.seq = d.event_seq
        RETURNING d.id, e.id, d.merchant_id, d.terminal_id, d.object_kind, d.object_id, d.sequence, d.purpose, d.url, d.attempts, coalesce(d.body, e.payload), e.trace_context
        """;

    public List<ClaimedDelivery> Claim(ClaimRequest request)
    {
        var room = request.Room;
        using var command = Sql(ClaimSql).With("@now", request.Now).With("@lease", request.LeaseUntil).With("@limit", request.Limit)
            .With("@scan", request.Limit * 4).With("@perHost", room.PerHost).With("@perMerchant", room.PerMerchant)
            .With("@hosts", Json(room.Hosts)).With("@merchants", Json(room.Merchants));
        using var r = command.ExecuteReader();
        var claimed = new List<ClaimedDelivery>();
        while (r.Read())
        {
            claimed.Add(new ClaimedDelivery(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt32(6),
                r.GetString(7), r.GetString(8), r.GetInt32(9), (byte[])r.GetValue(10), request.LeaseUntil)
            {
                Trace = TraceContextBytes.Read(r.IsDBNull(11) ? null : (byte[])r.GetValue(11)),
            });
        }
        return claimed;
    }

    private static string Json(IReadOnlyDictionary<string, int> room) =>
        JsonSerializer.Serialize(new Dictionary<string, int>(room), StoreJsonContext.Default.DictionaryStringInt32);

    public int ReleaseLeases(IReadOnlyList<string> deliveryIds)
    {
        using var command = Sql("UPDATE deliveries SET lease_until = NULL WHERE id = ANY(@ids) AND status IN ('pending', 'failed')")
            .WithArray("@ids", deliveryIds);
        var released = command.ExecuteNonQuery();
        if (released > 0) Notices.Deliveries();
        return released;
    }

    public int ReleaseLeasesHeldUntil(IReadOnlyList<DateTimeOffset> leases)
    {
        using var command = Sql("UPDATE deliveries SET lease_until = NULL WHERE lease_until = ANY(@leases) AND status IN ('pending', 'failed')");
        command.Parameters.Add(new NpgsqlParameter("@leases", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint)
        {
            Value = leases.Select(UnixMicros.From).ToArray(),
        });
        var released = command.ExecuteNonQuery();
        if (released > 0) Notices.Deliveries();
        return released;
    }

    /// All the outcomes' updates and attempts in one batch: one round trip for the lot, not two per outcome.
    public void RecordOutcomes(IReadOnlyList<DeliveryOutcome> outcomes)
    {
        if (outcomes.Count == 0) return;
        using var batch = new NpgsqlBatch(connection());
        foreach (var o in outcomes)
        {
            batch.BatchCommands.Add(new NpgsqlCommand(StoreSql.RecordOutcome)
                .With("@id", o.DeliveryId).With("@status", o.NewStatus).With("@next", o.NextAttemptAt).With("@held", o.HeldUntil)
                .WithInt("@code", o.StatusCode).WithText("@error", o.Error).With("@at", o.AttemptedAt)
                .ToBatchCommand());
            batch.BatchCommands.Add(new NpgsqlCommand(StoreSql.InsertAttempt)
                .With("@id", o.DeliveryId).With("@at", o.AttemptedAt).With("@duration", o.DurationMs)
                .WithInt("@code", o.StatusCode).WithText("@error", o.Error).WithText("@body", o.ResponseBody).WithText("@node", o.Node)
                .ToBatchCommand());
        }
        batch.ExecuteNonQuery();
        // A finished delivery may unblock the next of its stream, which another process may hold room for.
        Notices.Deliveries();
    }

    public int CancelOpenDeliveries(string objectId, string purpose, string reason, DateTimeOffset now)
    {
        using var command = Sql(StoreSql.CancelOpenDeliveries)
            .With("@object", objectId).With("@purpose", purpose).With("@reason", reason).With("@now", now);
        return command.ExecuteNonQuery();
    }

    public bool RequeueDelivery(string id, string merchantId, DateTimeOffset now)
    {
        using var command = Sql(StoreSql.RequeueDelivery)
            .With("@id", id).With("@merchant", merchantId).With("@now", now);
        var requeued = command.ExecuteNonQuery() == 1;
        if (requeued) Notices.Deliveries();
        return requeued;
    }
}
