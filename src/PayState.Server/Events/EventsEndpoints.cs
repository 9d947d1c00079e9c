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

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/events").WithTags("Events").AddEndpointFilter<MerchantAuthFilter>()
            .MapGet("", ListEvents).Describe("ListEvents", "The merchant's events in commit order, after a cursor", 200, 400, 401);
        return app;
    }

    public static async Task<RawJsonResult> ListEvents(HttpContext http, IStore store)
    {
        var query = http.Request.Query;
        var after = query["after"].ToString() is { Length: > 0 } cursor ? Cursor.DecodePosition(CursorKind, cursor, "after") : EventPosition.Start;
        var limit = QueryLimit.Read(query, DefaultLimit, MaxLimit);
        var events = await store.ListEventsAsync(http.Terminal().MerchantId, after, limit, http.RequestAborted);
        // The cursor always points past what was answered, so a client keeps polling with it even when a page is empty.
        var next = events.Count > 0 ? Cursor.Encode(CursorKind, EventPosition.Of(events[^1])) : after != EventPosition.Start ? Cursor.Encode(CursorKind, after) : null;
        return JsonBytes.Result(200, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("data");
            foreach (var e in events) Write(json, e);
            json.WriteEndArray();
            json.WriteString("next_cursor", next);
            json.WriteEndObject();
        });
    }

    private static void Write(Utf8JsonWriter json, EventRecord e)
    {
        json.WriteStartObject();
        json.WriteString("id", e.Id);
        json.WriteString("type", e.Type);
        json.WriteString("object_kind", e.ObjectKind);
        json.WriteString("object_id", e.ObjectId);
        json.WriteNumber("sequence", e.Sequence);
        json.WriteString("created_at", WireTime.Write(e.CreatedAt));
        json.WritePropertyName("payload");
        json.WriteRawValue(e.Payload, skipInputValidation: true);
        json.WriteEndObject();
    }
}
