using Microsoft.Data.Sqlite;
using PayState.Server.Dashboard;
using PayState.Server.Delivery;

namespace PayState.Server.Storage.Sqlite;

/// The writes of one unit of work on the single writer connection. SQLite has one writer at a time,
/// so "lock for update" is simply a read inside the write transaction.
internal sealed partial class SqliteTransaction(SqliteCommandCache commands, ApiKeyCache apiKeys) : IDeliveryTransaction, IDashboardTransaction
{
    private bool _terminalsWritten;

    /// The transaction has been committed or rolled back: cached terminals are retired if it wrote any.
    public void Ended()
    {
        if (!_terminalsWritten) return;
        _terminalsWritten = false;
        apiKeys.Invalidate();
    }

    public PayObject? LockObject(string id)
    {
        using var r = commands.Get(SqliteObjectDocument.Find).With("$id", id).ExecuteReader();
        return r.Read() ? StoreRows.Object(r) : null;
    }

    public void InsertObject(PayObject value, bool documentInEvents = false)
    {
        commands.Get("""
            INSERT INTO objects (id, kind, merchant_id, terminal_id, state, version, data, created_at, updated_at, external_id)
            VALUES ($id, $kind, $merchant, $terminal, $state, $version, $data, $created, $updated, $external)
            """)
            .With("$id", value.Id).With("$kind", value.Kind).With("$merchant", value.MerchantId)
            .With("$terminal", value.TerminalId).With("$state", value.State).With("$version", value.Version)
            .With("$data", documentInEvents ? null : value.Data).With("$created", value.CreatedAt).With("$updated", value.UpdatedAt)
            .With("$external", ExternalReference.Of(value))
            .ExecuteNonQuery();
        if (!documentInEvents) return;
        commands.Get("INSERT INTO creation_documents (object_created, object_id, data) VALUES ($created, $id, $data)")
            .With("$created", value.CreatedAt).With("$id", value.Id).With("$data", value.Data)
            .ExecuteNonQuery();
    }

    /// The event first, inserted only while the object is at the version before it (the object's creation time, its
    /// events' leading key, read in the same lookup); then the object, pointing at it.
    public WrittenChange? RecordChange(ChangeWrite change)
    {
        var updated = change.Updated;
        if (InsertChangeEvent(change.Event, updated.Version) is not { } seq) return null;
        commands.Statement("""
            UPDATE objects SET state = $state, version = $version, data = $data, head_seq = $head, updated_at = $updated WHERE id = $id
            """)
            .With("$id", updated.Id).With("$state", updated.State).With("$version", updated.Version)
            .With("$data", change.DocumentInEvent ? null : updated.Data).With("$head", seq).With("$updated", updated.UpdatedAt)
            .Execute();
        // Only an order's first change finds its first document kept apart.
        if (change.DocumentInEvent && updated.Version == 2)
        {
            commands.Statement("DELETE FROM creation_documents WHERE object_created = $created AND object_id = $object")
                .With("$created", updated.CreatedAt).With("$object", updated.Id).Execute();
        }
        var leased = new bool[change.Deliveries.Count];
        for (var i = 0; i < leased.Length; i++) leased[i] = InsertDelivery(change.Row(change.Deliveries[i], seq));
        foreach (var name in change.CancelTimers) DeleteTimer(updated.Id, name, DateTimeOffset.MaxValue);
        return new WrittenChange(seq, leased);
    }

    private long? InsertChangeEvent(EventRecord value, int version) =>
        commands.Statement("""
            INSERT INTO events (id, merchant_id, object_kind, object_id, object_created, sequence, type, created_at, payload, trace_context)
            SELECT $id, $merchant, $kind, $object, o.created_at, $sequence, $type, $created, $payload, $trace FROM objects o
            WHERE o.id = $object AND o.version = $version - 1
            RETURNING seq
            """)
            .With("$id", value.Id).With("$merchant", value.MerchantId).With("$kind", value.ObjectKind)
            .With("$object", value.ObjectId).With("$sequence", value.Version).With("$type", value.Type)
            .With("$created", value.CreatedAt).With("$payload", value.Payload).With("$trace", TraceContextBytes.From(value.Trace))
            .With("$version", version)
            .FirstInt64();

    public long InsertEvent(EventRecord value) =>
        commands.Statement($"""
            INSERT INTO events (id, merchant_id, object_kind, object_id, object_created, sequence, type, created_at, payload, trace_context)
            VALUES ($id, $merchant, $kind, $object, {ObjectCreatedKey.Of}, $sequence, $type, $created, $payload, $trace) RETURNING seq
            """)
            .With("$id", value.Id).With("$merchant", value.MerchantId).With("$kind", value.ObjectKind)
            .With("$object", value.ObjectId).With("$sequence", value.Version).With("$type", value.Type)
            .With("$created", value.CreatedAt).With("$payload", value.Payload).With("$trace", TraceContextBytes.From(value.Trace))
            .FirstInt64() ?? throw new InvalidOperationException("The event's insert returned no seq.");

    public bool InsertDelivery(NewDelivery value) =>
        commands.Statement(StoreSql.InsertDelivery)
            .With("@id", value.Id).With("@event", value.EventSeq).With("@merchant", value.MerchantId)
            .With("@terminal", value.TerminalId).With("@kind", value.ObjectKind).With("@object", value.ObjectId)
            .With("@sequence", value.Version).With("@purpose", value.Purpose).With("@url", value.Url)
            .With("@host", value.Host).With("@body", value.Body).With("@now", value.CreatedAt).With("@lease", value.LeaseUntil)
            .FirstInt64() == 1;

    public void SetTimer(TimerRecord value) =>
        commands.Get($"""
            INSERT INTO timers (object_id, object_created, name, due_at) VALUES ($object, {ObjectCreatedKey.Of}, $name, $due)
            ON CONFLICT (object_created, object_id, name) DO UPDATE SET due_at = excluded.due_at
            """)
            .With("$object", value.ObjectId).With("$name", value.Name).With("$due", value.DueAt)
            .ExecuteNonQuery();

    public bool DeleteTimer(string objectId, string name, DateTimeOffset dueBy) =>
        commands.Statement($"DELETE FROM timers WHERE object_created = {ObjectCreatedKey.Of} AND object_id = $object AND name = $name AND due_at <= $due")
            .With("$object", objectId).With("$name", name).With("$due", dueBy)
            .Execute() == 1;

    public IdempotencyRecord? FindIdempotency(string terminalId, string key)
    {
        using var r = commands.Get(StoreSql.FindIdempotency).With("@terminal", terminalId).With("@key", key).ExecuteReader();
        return r.Read() ? StoreRows.Idempotency(r) : null;
    }

    public void InsertIdempotency(IdempotencyRecord value) =>
        commands.Get(StoreSql.InsertIdempotency)
            .With("@terminal", value.TerminalId).With("@key", value.Key).With("@kind", value.Kind).With("@hash", value.RequestHash)
            .With("@status", value.StatusCode).With("@body", value.ResponseBody).With("@created", value.CreatedAt)
            .ExecuteNonQuery();

    public MerchantRecord? FindMerchant(string id)
    {
        using var r = commands.Get(StoreSql.FindMerchant).With("@id", id).ExecuteReader();
        return r.Read() ? StoreRows.Merchant(r) : null;
    }

    public void InsertMerchant(MerchantRecord value) =>
        commands.Get(StoreSql.InsertMerchant)
            .With("@id", value.Id).With("@created", value.CreatedAt).WithMerchantOptions(value)
            .ExecuteNonQuery();

    public void UpdateMerchant(MerchantRecord value) =>
        commands.Get(StoreSql.UpdateMerchant)
            .With("@id", value.Id).WithMerchantOptions(value)
            .ExecuteNonQuery();

    public TerminalRecord? FindTerminal(string id)
    {
        using var r = commands.Get(StoreSql.FindTerminal).With("@id", id).ExecuteReader();
        return r.Read() ? StoreRows.Terminal(r) : null;
    }

    public void InsertTerminal(TerminalRecord value)
    {
        _terminalsWritten = true;
        commands.Get(StoreSql.InsertTerminal)
            .With("@id", value.Id).With("@merchant", value.MerchantId).With("@key", value.ApiKey).With("@created", value.CreatedAt)
            .WithTerminalState(value)
            .ExecuteNonQuery();
    }

    public void UpdateTerminal(TerminalRecord value)
    {
        _terminalsWritten = true;
        commands.Get(StoreSql.UpdateTerminal)
            .With("@id", value.Id).WithTerminalState(value)
            .ExecuteNonQuery();
    }

    public string? GetSetting(string key) =>
        commands.Get(StoreSql.GetSetting).With("@key", key).ExecuteScalar() as string;

    public void SetSetting(string key, string value) =>
        commands.Get(StoreSql.SetSetting)
            .With("@key", key).With("@value", value)
            .ExecuteNonQuery();

    public bool RequeueDelivery(string id, string merchantId, DateTimeOffset now) =>
        commands.Get(StoreSql.RequeueDelivery)
            .With("@id", id).With("@merchant", merchantId).With("@now", now)
            .ExecuteNonQuery() == 1;
}

internal static class SqliteTransactionParameters
{
    public static SqliteCommand WithMerchantOptions(this SqliteCommand command, MerchantRecord value) =>
        command.With("@name", value.Name).With("@send", value.SendActionEventsInIdentification ? 1 : 0)
            .With("@events", value.EventsWebhook).With("@piv", value.PivEventsUrl)
            .With("@params", StoreRows.WebhookParamsJson(value));

    public static SqliteCommand WithTerminalState(this SqliteCommand command, TerminalRecord value) =>
        command.With("@secret", value.ApiSecret).With("@whsec", value.WebhookSecret)
            .With("@prev", value.PreviousWebhookSecret).With("@prevUntil", value.PreviousSecretValidUntil).With("@disabled", value.Disabled ? 1 : 0);
}
