using PayState.Server.Accounts;
using PayState.Server.Http;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring;

/// The merchant's acquiring API of seed 001: create an order and read its status.
public static class AcquiringEndpoints
{
    public static IEndpointRouteBuilder MapAcquiring(this IEndpointRouteBuilder app)
    {
        var merchant = app.MapGroup("/api/public/v1/acquiring").WithTags("Acquiring orders")
            .AddEndpointFilter<MerchantAuthFilter>();
        merchant.MapPost("/order", CreateOrder).Describe("CreateOrder", "Create an acquiring order", 201, 400, 401, 409);
        merchant.MapGet("/order/{uuid}", GetOrder).Describe("GetOrder", "An order's current status: the body of its last webhook", 200, 401, 404);

        var processor = app.MapGroup("/processor/v1/acquiring").WithTags("Processor")
            .AddEndpointFilter(new BearerTokenFilter(t => t.ProcessorToken, "processor"));
        processor.MapPost("/order/{uuid}/status", MoveOrder).Describe("MoveOrder", "Processor: move an order to a new status", 200, 400, 401, 404, 409);
        return app;
    }

    public static Task<RawJsonResult> CreateOrder(HttpContext http, IStore store, LifecycleEngine engine) =>
        ObjectCreation.CreateAsync(http, AcquiringOrderKind.KindName, store, engine);

    public static async Task<RawJsonResult> GetOrder(string uuid, HttpContext http, IStore store, ObjectKinds kinds)
    {
        var order = await store.FindObjectAsync(uuid, http.RequestAborted);
        // Another merchant's order is answered exactly like one that does not exist.
        if (order is null || order.Kind != AcquiringOrderKind.KindName || order.MerchantId != http.Terminal().MerchantId)
            throw ApiException.NotFound($"Order {uuid}");
        return new RawJsonResult(200, kinds[order.Kind].Wire(System.Text.Encoding.UTF8.GetBytes(order.Data)));
    }

    public static async Task<RawJsonResult> MoveOrder(string uuid, HttpContext http, LifecycleEngine engine, ObjectKinds kinds)
    {
        OrderStatus next;
        var body = await RequestBody.ReadAsync(http);
        using (var request = JsonRequest.Parse(body, "status"))
        {
            var name = request.RequiredString("status");
            // A status of the table the processor may not set (Created, Expired) is refused as a move, with the reason.
            next = OrderStatus.Find(name)
                ?? throw ApiException.Invalid("status", $"'{name}' is not a status the processor sets; use one of {string.Join(", ", OrderStatus.ProcessorSet.Select(s => s.Name))}.");
        }
        var result = await engine.ChangeAsync(
            AcquiringOrderKind.KindName, uuid, new OrderMove(next), MoveKey.For(http, body), http.RequestAborted);
        var order = result.Changed($"Order {uuid}");
        // The event's payload is this version's envelope (AcquiringOrderKind): the answer is those bytes, as the
        // webhook is, not the stored document encoded into a new envelope a second time. A move made before is
        // answered with the order as it is now, as its GET is.
        return new RawJsonResult(200, result.Event is { } made ? made.Payload : kinds[order.Kind].Wire(System.Text.Encoding.UTF8.GetBytes(order.Data)));
    }
}
