namespace PayState.Server.Storage;

/// The statements both databases run alike, kept once. Written in the SQL both read: parameters as @name (SQLite
/// takes @, $ and : alike; Npgsql takes @) and casts as CAST(x AS type) (PostgreSQL types a parameter tested with
/// IS NULL only when told; SQLite ignores the cast of a value it already holds). Each store binds the parameters
/// its own way (a flag is a boolean on PostgreSQL, 0 or 1 on SQLite). Twins stay in each store only where the
/// engines differ: the change in one statement (PostgreSQL), claims with SKIP LOCKED, NOTIFY, the events API's
/// horizon, SQLite's keys led by the object's creation time, and retention's pages.
internal static class StoreSql
{
    public const string GetSetting = "SELECT value FROM settings WHERE key = @key";

    public const string SetSetting = "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

    public const string FindMerchant = $"SELECT {StoreRows.MerchantColumns} FROM merchants WHERE id = @id";

    public const string ListMerchants = $"SELECT {StoreRows.MerchantColumns} FROM merchants ORDER BY created_at, id";

    public const string InsertMerchant = $"INSERT INTO merchants ({StoreRows.MerchantColumns}) VALUES (@id, @name, @send, @events, @piv, @params, @created)";

    public const string UpdateMerchant = """
        UPDATE merchants SET name = @name, send_action_events_in_identification = @send, events_webhook = @events,
                             piv_events_url = @piv, webhook_params = @params
        WHERE id = @id
        """;

    public const string FindTerminal = $"SELECT {StoreRows.TerminalColumns} FROM terminals WHERE id = @id";

    public const string FindTerminalByApiKey = $"SELECT {StoreRows.TerminalColumns} FROM terminals WHERE api_key = @key";

    public const string InsertTerminal =
        $"INSERT INTO terminals ({StoreRows.TerminalColumns}) VALUES (@id, @merchant, @key, @secret, @whsec, @prev, @prevUntil, @created, @disabled)";

    public const string UpdateTerminal = """
        UPDATE terminals SET api_secret = @secret, webhook_secret = @whsec, previous_webhook_secret = @prev,
                             previous_secret_valid_until = @prevUntil, disabled = @disabled
        WHERE id = @id
        """;

    public const string FindIdempotency = $"SELECT {StoreRows.IdempotencyColumns} FROM idempotency_keys WHERE terminal_id = @terminal AND key = @key";

    public const string InsertIdempotency = """
        INSERT INTO idempotency_keys (terminal_id, key, kind, request_hash, status_code, response_body, created_at)
        VALUES (@terminal, @key, @kind, @hash, @status, @body, @created)
        """;

    public const string UseSignature = "INSERT INTO used_signatures (signature, keep_until) VALUES (@signature, @until) ON CONFLICT (signature) DO NOTHING";

    public const string FindDashboardSession = $"SELECT {StoreRows.DashboardSessionColumns} FROM dashboard_sessions WHERE id = @id";

    public const string InsertDashboardSession =
        $"INSERT INTO dashboard_sessions ({StoreRows.DashboardSessionColumns}) VALUES (@id, @merchant, @terminal, @stamp, @created, @expires)";

    public const string DeleteDashboardSession = "DELETE FROM dashboard_sessions WHERE id = @id";

    public const string DeleteExpiredSignatures = "DELETE FROM used_signatures WHERE keep_until < @now";

    public const string DeleteExpiredSessions = "DELETE FROM dashboard_sessions WHERE expires_at < @now";

    /// A delivery of its own (a resend or a test), leased at once only when no open delivery of its stream exists.
    public const string InsertDelivery = """
        INSERT INTO deliveries (id, event_seq, merchant_id, terminal_id, object_kind, object_id, sequence, purpose, url, host, body,
                                status, attempts, next_attempt_at, created_at, updated_at, lease_until)
        VALUES (@id, @event, @merchant, @terminal, @kind, @object, @sequence, @purpose, @url, @host, @body, 'pending', 0, @now, @now, @now,
                CASE WHEN CAST(@lease AS bigint) IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM deliveries p WHERE p.object_id = @object AND p.url = @url AND p.status IN ('pending', 'failed'))
                THEN CAST(@lease AS bigint) END)
        RETURNING lease_until IS NOT NULL
        """;

    public const string ListDeliveries = $"""
        SELECT {StoreRows.DeliveryColumns} FROM deliveries d JOIN events e ON e.seq = d.event_seq
        WHERE d.merchant_id = @merchant AND (CAST(@status AS text) IS NULL OR d.status = @status) AND (CAST(@before AS bigint) IS NULL OR d.seq < @before)
        ORDER BY d.seq DESC LIMIT @limit
        """;

    public const string FindDelivery = $"SELECT {StoreRows.DeliveryColumns} FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.id = @id";

    public const string ListAttempts = """
        SELECT a.attempted_at, a.duration_ms, a.status_code, a.error, a.response_body, a.node
        FROM deliveries d JOIN attempts a ON a.delivery_seq = d.seq WHERE d.id = @id ORDER BY a.id
        """;

    public const string ListTroubledDeliveries = $"""
        SELECT {StoreRows.DeliveryColumns} FROM deliveries d JOIN events e ON e.seq = d.event_seq
        WHERE d.status IN ('failed', 'dead') AND d.host = @host AND (CAST(@merchant AS text) IS NULL OR d.merchant_id = @merchant)
        ORDER BY d.updated_at DESC, d.seq DESC LIMIT @limit
        """;

    /// The newest deliveries, a merchant's or every merchant's: the merchant's condition only when there is one, so
    /// each can walk its own index.
    public static string ListRecentDeliveries(bool ofMerchant) => ofMerchant ? RecentDeliveriesOfMerchant : RecentDeliveries;

    private const string RecentDeliveries =
        $"SELECT {StoreRows.DeliveryColumns}, d.updated_at FROM deliveries d JOIN events e ON e.seq = d.event_seq ORDER BY d.seq DESC LIMIT @limit";

    private const string RecentDeliveriesOfMerchant =
        $"SELECT {StoreRows.DeliveryColumns}, d.updated_at FROM deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.merchant_id = @merchant ORDER BY d.seq DESC LIMIT @limit";

    /// Hosts with failing or dead deliveries (a merchant's, or every merchant's), the most troubled first.
    public static string ListTroubledHosts(bool ofMerchant) => ofMerchant ? TroubledHostsOfMerchant : TroubledHosts;

    private const string TroubledHostsOfMerchant = $"{TroubledHostsSelect} AND merchant_id = @merchant {TroubledHostsOrder}";

    private const string TroubledHosts = $"{TroubledHostsSelect} {TroubledHostsOrder}";

    private const string TroubledHostsSelect = """
        SELECT host, CAST(count(CASE WHEN status = 'failed' THEN 1 END) AS integer), CAST(count(CASE WHEN status = 'dead' THEN 1 END) AS integer),
               max(updated_at)
        FROM deliveries WHERE status IN ('failed', 'dead')
        """;

    private const string TroubledHostsOrder = "GROUP BY host ORDER BY count(*) DESC, host LIMIT 500";

    /// SQLite uses a partial index only for the very term it was made with (migration 0003): hence the redundant IN.
    public const string RequeueDeadDeliveries = """
        UPDATE deliveries SET status = 'pending', next_attempt_at = @now, lease_until = NULL, updated_at = @now
        WHERE status IN ('failed', 'dead') AND status = 'dead' AND host = @host AND updated_at >= @since
          AND (CAST(@merchant AS text) IS NULL OR merchant_id = @merchant)
        """;

    /// A resend: only a delivery no process holds (a lease that ran out is held by none).
    public const string RequeueDelivery = """
        UPDATE deliveries SET status = 'pending', next_attempt_at = @now, lease_until = NULL, updated_at = @now
        WHERE id = @id AND merchant_id = @merchant AND (lease_until IS NULL OR lease_until <= @now)
        """;

    /// Open deliveries of an object's purpose that no process is sending, ended: a sending one finishes and counts.
    public const string CancelOpenDeliveries = """
        UPDATE deliveries SET status = 'dead', last_error = @reason, updated_at = @now
        WHERE object_id = @object AND purpose = @purpose AND status IN ('pending', 'failed')
          AND (lease_until IS NULL OR lease_until <= @now)
        """;

    /// An attempt's outcome, written only while the lease it was sent under is still the delivery's (@held), so a
    /// process whose lease ran out cannot overwrite the one that took the delivery over; null @held writes always.
    public const string RecordOutcome = """
        UPDATE deliveries SET status = @status, attempts = attempts + 1, next_attempt_at = coalesce(@next, next_attempt_at),
                              lease_until = NULL, last_status_code = @code, last_error = @error, updated_at = @at
        WHERE id = @id AND (CAST(@held AS bigint) IS NULL OR lease_until = @held)
        """;

    public const string InsertAttempt = """
        INSERT INTO attempts (delivery_seq, attempted_at, duration_ms, status_code, error, response_body, node)
        SELECT seq, @at, @duration, @code, @error, @body, @node FROM deliveries WHERE id = @id
        """;

    public const string AppliedMigrations = "SELECT version FROM schema_migrations";

    public const string RecordMigration = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)";

    public const string SchemaVersion = "SELECT coalesce(max(version), 0) FROM schema_migrations";

    public const string OutboxStats = "SELECT count(*), min(created_at) FROM deliveries WHERE status IN ('pending', 'failed')";

    public const string DueTimers = "SELECT object_id, name, due_at FROM timers WHERE due_at <= @now ORDER BY due_at LIMIT @limit";

    public const string NextTimerDue = "SELECT min(due_at) FROM timers";

    public const string InsertInboxMessage = "INSERT INTO sandbox_inbox (name, received_at, headers, body) VALUES (@name, @at, @headers, @body)";

    public const string PruneInbox = "DELETE FROM sandbox_inbox WHERE id <= (SELECT max(id) FROM sandbox_inbox) - @keep";

    public const string ListInbox = "SELECT id, name, received_at, headers, body FROM sandbox_inbox ORDER BY id DESC LIMIT @limit";
}
