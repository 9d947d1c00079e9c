using System.Text.Json;
using Npgsql;
using PayState.Server.Dashboard;
using PayState.Server.Delivery;

namespace PayState.Server.Storage.Postgres;

/// The writes of one unit of work on a process's writer connection. Rows are locked with FOR UPDATE, so units
/// of several processes on one database serialise per object. What a batch changed is collected and
/// announced with NOTIFY when it commits, so other processes wake their waiters and loops.
internal sealed partial class PostgresTransaction(Func<NpgsqlConnection> connection) : IDeliveryTransaction, IDashboardTransaction
{
    public ChangeNotices Notices { get; } = new();

    private NpgsqlCommand Sql(string sql) => new(sql, connection());

    public PayObject? LockObject(string id)
    {
        using var command = Sql($"{PostgresObjectDocument.Find} FOR UPDATE OF o").With("@id", id);
        using var r = command.ExecuteReader();
        return r.Read() ? StoreRows.Object(r) : null;
    }

    public void InsertObject(PayObject value, bool documentInEvents = false)
    {
        using var command = Sql("""
            WITH kept AS (INSERT INTO creation_documents (object_id, data) SELECT @id, @data WHERE @apart)
            INSERT INTO objects (id, kind, merchant_id, terminal_id, state, version, data, created_at, updated_at, external_id)
            VALUES (@id, @kind, @merchant, @terminal, @state, @version, CASE WHEN @apart THEN NULL ELSE @data END, @created, @updated, @external)
            """)
            .With("@id", value.Id).With("@kind", value.Kind).With("@merchant", value.MerchantId)
            .With("@terminal", value.TerminalId).With("@state", value.State).With("@version", value.Version)
            .With("@data", value.Data).With("@apart", documentInEvents).With("@created", value.CreatedAt).With("@updated", value.UpdatedAt)
            .WithText("@external", ExternalReference.Of(value));
        command.ExecuteNonQuery();
    }

    /// The whole change in one statement, so one round trip: each part reads the one before (the event inserts
    /// only from the updated row, the deliveries only with the event's seq, the timers and the first document go only
    /// if the row was updated), so nothing is written when the version moved on. The object points at its event, so
    /// the event's seq is drawn first (a change that finds the version moved on leaves a gap in the seqs, which the
    /// events API's cursor never minded: rolled-back batches leave them too). All parts see the rows as they were
    /// before the statement, so a delivery is leased only when no open delivery of its stream exists and no earlier
    /// one of this change goes to the same URL: what one insert after another would decide. The events API lists by
    /// transaction (EventPosition): a change after one of a younger transaction (which held the row until it committed)
    /// would be listed before it, so then nothing is written and the batch runs again in a new transaction.
    private const string ChangeSql = """
        WITH behind AS (
            SELECT 1 FROM events p WHERE p.object_id = @object AND p.xid > pg_current_xact_id() LIMIT 1),
        next AS (SELECT nextval('events_seq_seq') AS seq),
        changed AS (
            UPDATE objects SET state = @state, version = @version, data = @data, head_seq = (SELECT seq FROM next), updated_at = @updated
            WHERE id = @object AND version = @version - 1 AND NOT EXISTS (SELECT 1 FROM behind)
            RETURNING id, head_seq),
        event AS (
            INSERT INTO events (seq, id, merchant_id, object_kind, object_id, sequence, type, created_at, payload, trace_context) OVERRIDING SYSTEM VALUE
            SELECT changed.head_seq, @event, @eventMerchant, @eventKind, changed.id, @sequence, @type, @created, @payload, @trace FROM changed
            RETURNING seq),
        first AS (
            DELETE FROM creation_documents WHERE object_id = @object AND @firstDocument AND EXISTS (SELECT 1 FROM changed)),
        targets AS (
            SELECT * FROM unnest(@ids::text[], @purposes::text[], @urls::text[], @hosts::text[], @bodies::bytea[])
                WITH ORDINALITY AS t(id, purpose, url, host, body, n)),
        delivered AS (
            INSERT INTO deliveries (id, event_seq, merchant_id, terminal_id, object_kind, object_id, sequence, purpose, url, host, body,
                                    status, attempts, next_attempt_at, created_at, updated_at, lease_until)
            SELECT t.id, event.seq, @merchant, @terminal, @kind, @object, @sequence, t.purpose, t.url, t.host, t.body,
                   'pending', 0, @created, @created, @created,
                   CASE WHEN @lease::bigint IS NOT NULL
                         AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.object_id = @object AND p.url = t.url AND p.status IN ('pending', 'failed'))
                         AND NOT EXISTS (SELECT 1 FROM targets e WHERE e.url = t.url AND e.n < t.n)
                   THEN @lease::bigint END
            FROM event, targets t
            RETURNING id, lease_until IS NOT NULL AS leased),
        cancelled AS (
            DELETE FROM timers WHERE object_id = @object AND name = ANY(@timers) AND EXISTS (SELECT 1 FROM changed))
        SELECT event.seq, delivered.id, delivered.leased, false FROM event LEFT JOIN delivered ON true
        UNION ALL SELECT NULL, NULL, NULL, true FROM behind
        """;

    public WrittenChange? RecordChange(ChangeWrite change)
    {
        var (updated, recorded, deliveries) = (change.Updated, change.Event, change.Deliveries);
        using var command = Sql(ChangeSql)
            .With("@object", updated.Id).With("@state", updated.State).With("@version", updated.Version)
            .WithText("@data", change.DocumentInEvent ? null : updated.Data).With("@updated", updated.UpdatedAt)
            .With("@firstDocument", change.DocumentInEvent && updated.Version == 2)
            .With("@merchant", updated.MerchantId).With("@terminal", updated.TerminalId).With("@kind", updated.Kind)
            .With("@event", recorded.Id).With("@eventMerchant", recorded.MerchantId).With("@eventKind", recorded.ObjectKind)
            .With("@sequence", recorded.Version).With("@type", recorded.Type).With("@created", recorded.CreatedAt)
            .WithBytes("@payload", recorded.Payload).WithBytes("@trace", TraceContextBytes.From(recorded.Trace)).With("@lease", change.LeaseUntil)
            .WithArray("@ids", deliveries.Select(d => d.Id)).WithArray("@purposes", deliveries.Select(d => d.Purpose))
            .WithArray("@urls", deliveries.Select(d => d.Url)).WithArray("@hosts", deliveries.Select(d => DeliveryHost.Of(d.Url)))
            .WithByteaArray("@bodies", deliveries.Select(d => d.Body))
            .WithArray("@timers", change.CancelTimers);
        using var r = command.ExecuteReader();
        long? seq = null;
        var leased = new Dictionary<string, bool>(deliveries.Count, StringComparer.Ordinal);
        while (r.Read())
        {
            if (r.GetBoolean(3)) throw new TransactionOrderException(updated.Id);
            seq = r.GetInt64(0);
            if (!r.IsDBNull(1)) leased[r.GetString(1)] = r.GetBoolean(2);
        }
        if (seq is null) return null;
        Notices.Object(updated.Id);
        // A leased row is this process's to send: no other process needs waking for it.
        if (leased.ContainsValue(false)) Notices.Deliveries();
        return new WrittenChange(seq.Value, deliveries.Select(d => leased[d.Id]).ToList());
    }

    public long InsertEvent(EventRecord value)
    {
        using var command = Sql("""
            INSERT INTO events (id, merchant_id, object_kind, object_id, sequence, type, created_at, payload, trace_context)
            VALUES (@id, @merchant, @kind, @object, @sequence, @type, @created, @payload, @trace) RETURNING seq
            """)
            .With("@id", value.Id).With("@merchant", value.MerchantId).With("@kind", value.ObjectKind)
            .With("@object", value.ObjectId).With("@sequence", value.Version).With("@type", value.Type)
            .With("@created", value.CreatedAt).WithBytes("@payload", value.Payload).WithBytes("@trace", TraceContextBytes.From(value.Trace));
        return (long)command.ExecuteScalar()!;
    }

    public bool InsertDelivery(NewDelivery value)
    {
        using var command = Sql(StoreSql.InsertDelivery)
            .With("@id", value.Id).With("@event", value.EventSeq).With("@merchant", value.MerchantId)
            .With("@terminal", value.TerminalId).With("@kind", value.ObjectKind).With("@object", value.ObjectId)
            .With("@sequence", value.Version).With("@purpose", value.Purpose).With("@url", value.Url)
            .With("@host", value.Host).WithBytes("@body", value.Body).With("@now", value.CreatedAt).With("@lease", value.LeaseUntil);
        var leased = command.ExecuteScalar() is true;
        // A leased row is this process's to send: no other process needs waking for it.
        if (!leased) Notices.Deliveries();
        return leased;
    }

    public void SetTimer(TimerRecord value)
    {
        using var command = Sql("INSERT INTO timers (object_id, name, due_at) VALUES (@object, @name, @due) ON CONFLICT (object_id, name) DO UPDATE SET due_at = excluded.due_at")
            .With("@object", value.ObjectId).With("@name", value.Name).With("@due", value.DueAt);
        command.ExecuteNonQuery();
        Notices.Timers();
    }

    public bool DeleteTimer(string objectId, string name, DateTimeOffset dueBy)
    {
        using var command = Sql("DELETE FROM timers WHERE object_id = @object AND name = @name AND due_at <= @due")
            .With("@object", objectId).With("@name", name).With("@due", dueBy);
        return command.ExecuteNonQuery() == 1;
    }

    public IdempotencyRecord? FindIdempotency(string terminalId, string key)
    {
        using var command = Sql(StoreSql.FindIdempotency).With("@terminal", terminalId).With("@key", key);
        using var r = command.ExecuteReader();
        return r.Read() ? StoreRows.Idempotency(r) : null;
    }

    public void InsertIdempotency(IdempotencyRecord value)
    {
        using var command = Sql(StoreSql.InsertIdempotency)
            .With("@terminal", value.TerminalId).With("@key", value.Key).With("@kind", value.Kind).With("@hash", value.RequestHash)
            .With("@status", value.StatusCode).WithBytes("@body", value.ResponseBody).With("@created", value.CreatedAt);
        command.ExecuteNonQuery();
    }

    public MerchantRecord? FindMerchant(string id)
    {
        using var command = Sql(StoreSql.FindMerchant).With("@id", id);
        using var r = command.ExecuteReader();
        return r.Read() ? StoreRows.Merchant(r) : null;
    }

    public void InsertMerchant(MerchantRecord value)
    {
        using var command = WithMerchantOptions(Sql(StoreSql.InsertMerchant)
            .With("@id", value.Id).With("@created", value.CreatedAt), value);
        command.ExecuteNonQuery();
    }

    public void UpdateMerchant(MerchantRecord value)
    {
        using var command = WithMerchantOptions(Sql(StoreSql.UpdateMerchant).With("@id", value.Id), value);
        command.ExecuteNonQuery();
    }

    public TerminalRecord? FindTerminal(string id)
    {
        using var command = Sql(StoreSql.FindTerminal).With("@id", id);
        using var r = command.ExecuteReader();
        return r.Read() ? StoreRows.Terminal(r) : null;
    }

    public void InsertTerminal(TerminalRecord value)
    {
        using var command = WithTerminalState(Sql(StoreSql.InsertTerminal)
            .With("@id", value.Id).With("@merchant", value.MerchantId).With("@key", value.ApiKey).With("@created", value.CreatedAt), value);
        command.ExecuteNonQuery();
        Notices.Terminals();
    }

    public void UpdateTerminal(TerminalRecord value)
    {
        using var command = WithTerminalState(Sql(StoreSql.UpdateTerminal).With("@id", value.Id), value);
        command.ExecuteNonQuery();
        Notices.Terminals();
    }

    public string? GetSetting(string key)
    {
        using var command = Sql(StoreSql.GetSetting).With("@key", key);
        return command.ExecuteScalar() as string;
    }

    public void SetSetting(string key, string value)
    {
        using var command = Sql(StoreSql.SetSetting)
            .With("@key", key).With("@value", value);
        command.ExecuteNonQuery();
    }

    private static NpgsqlCommand WithMerchantOptions(NpgsqlCommand command, MerchantRecord value) =>
        command.With("@name", value.Name).With("@send", value.SendActionEventsInIdentification)
            .WithText("@events", value.EventsWebhook).WithText("@piv", value.PivEventsUrl)
            .With("@params", JsonSerializer.Serialize(new Dictionary<string, string>(value.WebhookParams), StoreJsonContext.Default.DictionaryStringString));

    private static NpgsqlCommand WithTerminalState(NpgsqlCommand command, TerminalRecord value) =>
        command.With("@secret", value.ApiSecret).With("@whsec", value.WebhookSecret)
            .WithText("@prev", value.PreviousWebhookSecret).With("@prevUntil", value.PreviousSecretValidUntil).With("@disabled", value.Disabled);
}
