using Microsoft.AspNetCore.Routing;
using PayState.Server.Accounts;
using PayState.Server.Http;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Tests.Refunds;

/// The refund's API: the merchant creates and reads refunds, the processor moves them.
public static class RefundEndpoints
{
    public static IEndpointRouteBuilder MapRefunds(this IEndpointRouteBuilder app)
    {
        var merchant = app.MapGroup("/api/v1/refunds").WithTags("Refunds").AddEndpointFilter<MerchantAuthFilter>();
        merchant.MapPost("", CreateRefund);
        merchant.MapGet("/{id}", GetRefund);
        app.MapGroup("/processor/v1/refunds").WithTags("Processor")
            .AddEndpointFilter(new BearerTokenFilter(t => t.ProcessorToken, "processor"))
            .MapPost("/{id}/status", MoveRefund);
        return app;
    }

    public static Task<RawJsonResult> CreateRefund(HttpContext http, IStore store, LifecycleEngine engine) =>
        ObjectCreation.CreateAsync(http, RefundKind.KindName, store, engine);

    public static async Task<RawJsonResult> GetRefund(string id, HttpContext http, IStore store, ObjectKinds kinds, LifecycleEngine engine)
    {
        var refund = await store.FindObjectAsync(id, http.RequestAborted);
        if (refund is null || refund.Kind != RefundKind.KindName || refund.MerchantId != http.Terminal().MerchantId)
            throw ApiException.NotFound($"Refund {id}");
        return new RawJsonResult(200, kinds[refund.Kind].StatusAnswer(refund, engine.Now));
    }

    public static async Task<RawJsonResult> MoveRefund(string id, HttpContext http, LifecycleEngine engine)
    {
        var body = await RequestBody.ReadAsync(http);
        string status;
        using (var request = JsonRequest.Parse(body, "status"))
        {
            status = request.RequiredString("status");
            if (status is not (RefundDocument.Succeeded or RefundDocument.Failed))
                throw ApiException.Invalid("status", $"'{status}' is not a status the processor sets; use succeeded or failed.");
        }
        var result = await engine.ChangeAsync(RefundKind.KindName, id, new RefundMove(status), MoveKey.For(http, body), http.RequestAborted);
        return new RawJsonResult(200, System.Text.Encoding.UTF8.GetBytes(result.Changed($"Refund {id}").Data));
    }
}
