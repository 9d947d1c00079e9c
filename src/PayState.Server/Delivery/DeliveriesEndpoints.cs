using PayState.Server.Accounts;
using PayState.Server.Events;
using PayState.Server.Http;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// The deliveries API: what was sent where, every attempt, and "send it again now".
public static class DeliveriesEndpoints
{
    private const char CursorKind = 'd';

    public static IEndpointRouteBuilder MapDeliveries(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/webhook-deliveries").WithTags("Webhook deliveries").AddEndpointFilter<MerchantAuthFilter>();
        group.MapGet("", ListDeliveries).Describe("ListDeliveries", "The merchant's webhook deliveries, newest first", 200, 400, 401);
        group.MapGet("/{id}", GetDelivery).Describe("GetDelivery", "One delivery with its attempt log", 200, 401, 404);
        group.MapPost("/{id}/retry", RetryDelivery).Describe("RetryDelivery", "Send a delivery again now", 202, 401, 404, 409);
        return app;
    }

    public static async Task<RawJsonResult> ListDeliveries(HttpContext http, IDeliveryStore store)
    {
        var query = http.Request.Query;
        var status = query["status"].ToString() is { Length: > 0 } s ? s : null;
        if (status is not null && !DeliveryStatus.IsKnown(status))
            throw ApiException.Invalid("status", "must be one of pending, failed, succeeded, dead.");
        long? before = query["cursor"].ToString() is { Length: > 0 } cursor ? Cursor.Decode(CursorKind, cursor, "cursor") : null;
        var limit = QueryLimit.Read(query, 100, 500);
        var page = await store.ListDeliveriesAsync(new DeliveryQuery(http.Terminal().MerchantId, status, before, limit), http.RequestAborted);
        var next = page.Count == limit ? Cursor.Encode(CursorKind, page[^1].Seq) : null;
        return JsonBytes.Result(200, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("data");
            foreach (var d in page) DeliveryJson.Write(json, d);
            json.WriteEndArray();
            json.WriteString("next_cursor", next);
            json.WriteEndObject();
        });
    }

    public static async Task<RawJsonResult> GetDelivery(string id, HttpContext http, IDeliveryStore store)
    {
        var delivery = await Find(id, http, store);
        var attempts = await store.ListAttemptsAsync(id, http.RequestAborted);
        return JsonBytes.Result(200, json => DeliveryJson.Write(json, delivery, attempts));
    }

    public static async Task<RawJsonResult> RetryDelivery(string id, HttpContext http, IDeliveryStore store, LifecycleEngine engine)
    {
        var merchant = http.Terminal().MerchantId;
        var signature = SignatureUse.Of(http);
        await Find(id, http, store);
        // The signature is claimed with the requeue: the same signed retry sent again sends nothing again.
        var requeued = await store.WriteAsync(tx => signature.Claim(tx) ? tx.RequeueDelivery(id, merchant, engine.Now) : (bool?)null, http.RequestAborted);
        if (requeued is null) throw SignatureUse.Replayed();
        if (requeued == false) throw new ApiException(409, "delivery_in_flight", $"Delivery {id} is being sent right now; look again in a moment.");
        engine.Committed(deliveries: true, timers: false);
        var delivery = await Find(id, http, store);
        return JsonBytes.Result(202, json => DeliveryJson.Write(json, delivery));
    }

    private static async Task<DeliveryRecord> Find(string id, HttpContext http, IDeliveryStore store)
    {
        var delivery = await store.FindDeliveryAsync(id, http.RequestAborted);
        return delivery is not null && delivery.MerchantId == http.Terminal().MerchantId ? delivery : throw ApiException.NotFound($"Delivery {id}");
    }
}
