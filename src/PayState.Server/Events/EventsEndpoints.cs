using System.Text.Json;
using PayState.Server.Accounts;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Events;

/// The events API: every event of the merchant, for reconciliation, in the store's order (EventPosition: commit order
/// on one writer; on PostgreSQL by writing transaction, each object's events in their order). payload is the exact
/// webhook body of the event.
public static class EventsEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    private const char CursorKind = 'e';

    /// With event retention on, the time the events listed reach back to (RFC 3339): older ones may be gone.
    public const string KeptFromHeader = "PayState-Events-Kept-From";

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/events").WithTags("Events").AddEndpointFilter<MerchantAuthFilter>()
            .MapGet("", ListEvents).Describe("ListEvents", "The merchant's events in commit order, after a cursor", 200, 400, 401, 410);
        return app;
    }

    public static async Task<RawJsonResult> ListEvents(HttpContext http, IStore store, Lifecycle.ObjectKinds kinds, RetentionPolicy retention, TimeProvider clock)
    {
        var query = http.Request.Query;
        var after = query["after"].ToString() is { Length: > 0 } cursor ? Cursor.DecodePosition(CursorKind, cursor, "after") : EventPosition.Start;
        var limit = QueryLimit.Read(query, DefaultLimit, MaxLimit);
        var from = retention.EventRetention is { } kept ? await KeptFromAsync(http, store, kept, after, clock) : 0;
        var events = await store.ListEventsAsync(http.Terminal().MerchantId, after, from, limit, http.RequestAborted);
        // The cursor always points past what was answered, so a client keeps polling with it even when a page is empty.
        var next = events.Count > 0 ? Cursor.Encode(CursorKind, EventPosition.Of(events[^1])) : after != EventPosition.Start ? Cursor.Encode(CursorKind, after) : null;
        return JsonBytes.Result(200, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("data");
            foreach (var e in events) Write(json, e, kinds[e.ObjectKind].Wire(e.Payload));
            json.WriteEndArray();
            json.WriteString("next_cursor", next);
            json.WriteEndObject();
        });
    }

    /// With event retention on: the horizon to list from (events at or before it are gone, or kept only as their
    /// object's document), and how far back the answer reaches as a header. A cursor from before the horizon would
    /// silently skip the events removed since it was given out: it is refused with 410.
    private static async Task<long> KeptFromAsync(HttpContext http, IStore store, TimeSpan kept, EventPosition after, TimeProvider clock)
    {
        var since = WireTime.Write(UnixMicros.Truncate(clock.GetUtcNow() - kept));
        http.Response.Headers[KeptFromHeader] = since;
        var horizon = EventHorizon.Parse(await store.GetSettingAsync(EventHorizon.Setting, http.RequestAborted));
        if (after != EventPosition.Start && after.Seq < horizon)
        {
            throw new ApiException(410, "cursor_expired",
                $"The cursor points before the events kept: events are kept for {kept.TotalDays:0.##} days, and some after this cursor were removed. " +
                "List again without a cursor to start from the oldest event kept, and reconcile the objects you track by reading their status.");
        }
        return horizon;
    }

    /// One event, its payload as the webhook sent it.
    private static void Write(Utf8JsonWriter json, EventRecord e, byte[] payload)
    {
        json.WriteStartObject();
        json.WriteString("id", e.Id);
        json.WriteString("type", e.Type);
        json.WriteString("object_kind", e.ObjectKind);
        json.WriteString("object_id", e.ObjectId);
        json.WriteNumber("sequence", e.Version);
        json.WriteString("created_at", WireTime.Write(e.CreatedAt));
        json.WritePropertyName("payload");
        json.WriteRawValue(payload, skipInputValidation: true);
        json.WriteEndObject();
    }
}
