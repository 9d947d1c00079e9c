using System.Data.Common;
using System.Text.Json;

namespace PayState.Server.Storage;

/// Column lists and row readers shared by both databases, their read paths and their write transactions.
internal static class StoreRows
{
    public const string MerchantColumns =
        "id, name, send_action_events_in_identification, events_webhook, piv_events_url, webhook_params, created_at";

    public const string TerminalColumns =
        "id, merchant_id, api_key, api_secret, webhook_secret, previous_webhook_secret, previous_secret_valid_until, created_at, disabled";

    /// An object's columns, from objects o, as Object reads them, around its document (read from wherever the store
    /// keeps it: SqliteObjectDocument, PostgresObjectDocument).
    public const string ObjectKeyColumns = "o.id, o.kind, o.merchant_id, o.terminal_id, o.state, o.version";

    public const string ObjectTimeColumns = "o.created_at, o.updated_at";

    public const string EventColumns = "seq, id, merchant_id, object_kind, object_id, sequence, type, created_at, payload";

    /// A delivery's columns, from deliveries d joined with events e, as DeliveryRecord.Read reads them.
    public const string DeliveryColumns =
        "d.seq, d.id, e.id, d.merchant_id, d.object_kind, d.object_id, d.sequence, d.purpose, d.url, d.status, d.attempts, " +
        "d.next_attempt_at, d.last_status_code, d.last_error, d.created_at";

    public static MerchantRecord Merchant(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), Convert.ToBoolean(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture), r.GetStringOrNull(3), r.GetStringOrNull(4),
        JsonSerializer.Deserialize(r.GetString(5), StoreJsonContext.Default.DictionaryStringString) ?? [],
        r.GetTime(6));

    public static string WebhookParamsJson(MerchantRecord m) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(m.WebhookParams), StoreJsonContext.Default.DictionaryStringString);

    public static TerminalRecord Terminal(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetStringOrNull(5),
        r.GetTimeOrNull(6), r.GetTime(7), Convert.ToBoolean(r.GetValue(8), System.Globalization.CultureInfo.InvariantCulture));

    public static PayObject Object(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), r.GetString(6),
        r.GetTime(7), r.GetTime(8));

    public static EventRecord Event(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), r.GetString(6),
        r.GetTime(7), r.GetBytes(8));

    public const string IdempotencyColumns = "terminal_id, key, kind, request_hash, status_code, response_body, created_at";

    public static IdempotencyRecord Idempotency(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetBytes(5), r.GetTime(6));

    /// As DashboardSessionRecord.Read reads them.
    public const string DashboardSessionColumns = "id, merchant_id, terminal_id, stamp, created_at, expires_at";
}
