using System.Text.Json;
using PayState.Server.Accounts;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Events;

/// The events API: every event of the merchant in commit order, for reconciliation. payload is the exact
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

    public static async Task<RawJsonResult> ListEvents(HttpContext http, IStore store, Lifecycle.ObjectKinds kinds)
    {
        var query = http.Request.Query;
        var after = query["after"].ToString() is { Length: > 0 } cursor ? Cursor.Decode(CursorKind, cursor, "after") : 0;
        var limit = QueryLimit.Read(query, DefaultLimit, MaxLimit);
        var events = await store.ListEventsAsync(http.Terminal().MerchantId, after, limit, http.RequestAborted);
        // The cursor always points past what was answered, so a client keeps polling with it even when a page is empty.
        var next = events.Count > 0 ? Cursor.Encode(CursorKind, events[^1].Seq) : after > 0 ? Cursor.Encode(CursorKind, after) : null;
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

    /// One event, its payload as the webhook sent it.
    private static void Write(Utf8JsonWriter json, EventRecord e, byte[] payload)
    {
        json.WriteStartObject();
        json.WriteString("id", e.Id);
        json.WriteString("type", e.Type);
        json.WriteString("object_kind", e.ObjectKind);
        json.WriteString("object_id", e.ObjectId);
        json.WriteNumber("sequence", e.Sequence);
        json.WriteString("created_at", WireTime.Write(e.CreatedAt));
        json.WritePropertyName("payload");
        json.WriteRawValue(payload, skipInputValidation: true);
        json.WriteEndObject();
    }
}
