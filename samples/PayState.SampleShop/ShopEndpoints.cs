using PayState.Client;

namespace PayState.SampleShop;

/// The shop's own API: pay a cart in crypto (an acquiring order) or by BNPL (a checkout), and read what PayState told it.
public static class ShopEndpoints
{
    public sealed record PayRequest(string Cart, long Amount);

    public static void MapShopEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/orders", CreateOrder);
        app.MapPost("/wholesale/orders", CreateWholesaleOrder);
        app.MapGet("/orders/{uuid}", (string uuid, IConfiguration configuration, CancellationToken ct) => Read(configuration, t => t.OrderStatusAsync(uuid, ct)));
        app.MapPost("/checkouts", CreateCheckout);
        app.MapPost("/checkouts/{uuid}/cancel", async (string uuid, IConfiguration configuration, CancellationToken ct) =>
        {
            await using var connection = ShopDatabase.Open(configuration);
            return await new ShopTables(connection).CancelCheckoutAsync(uuid, ct) ? Results.NoContent() : Results.Conflict();
        });
        app.MapGet("/checkouts/{uuid}", (string uuid, IConfiguration configuration, CancellationToken ct) => Read(configuration, t => t.CheckoutStateAsync(uuid, ct)));
    }

    private static async Task<IResult> CreateOrder(PayRequest request, PayStateClient payState, IConfiguration configuration, CancellationToken ct)
    {
        var order = await payState.CreateOrderAsync(new CreateOrderRequest
        {
            Amount = request.Amount,
            Currency = "USDT",
            Network = "ethereum",
            ExternalOrderId = request.Cart,
            WebhookUrl = WebhookUrl(configuration),
        }, idempotencyKey: $"cart-{request.Cart}", ct);
        await using var connection = ShopDatabase.Open(configuration);
        await new ShopTables(connection).AddOrderAsync(order.Uuid, request.Cart, order.Status, ct);
        return Results.Ok(new { order.Uuid, order.Wallet.WalletAddress });
    }

    // The wholesale terminal's client: its own keys, its orders' webhooks to its own endpoint.
    private static async Task<IResult> CreateWholesaleOrder(
        PayRequest request, [FromKeyedServices("wholesale")] PayStateClient wholesale, IConfiguration configuration, CancellationToken ct)
    {
        var order = await wholesale.CreateOrderAsync(new CreateOrderRequest
        {
            Amount = request.Amount,
            Currency = "USDC",
            Network = "tron",
            ExternalOrderId = request.Cart,
            WebhookUrl = new Uri(new Uri(configuration["Shop:PublicUrl"]!), "webhooks/paystate-wholesale").ToString(),
        }, cancellationToken: ct);
        await using var connection = ShopDatabase.Open(configuration);
        await new ShopTables(connection).AddOrderAsync(order.Uuid, request.Cart, order.Status, ct);
        return Results.Ok(new { order.Uuid, order.Wallet.WalletAddress });
    }

    private static async Task<IResult> CreateCheckout(PayRequest request, PayStateClient payState, IConfiguration configuration, CancellationToken ct)
    {
        var checkout = await payState.CreateCheckoutAsync(new CreateCheckoutRequest
        {
            OrderRef1 = request.Cart,
            Amount = request.Amount,
            Currency = "EUR",
            NotifyUrl = WebhookUrl(configuration),
            ReturnUrl = new Uri(new Uri(configuration["Shop:PublicUrl"]!), "thanks").ToString(),
        }, ct);
        await using var connection = ShopDatabase.Open(configuration);
        await new ShopTables(connection).AddCheckoutAsync(checkout.Uuid, request.Cart, ct);
        return Results.Ok(new { checkout.Uuid });
    }

    private static async Task<IResult> Read(IConfiguration configuration, Func<ShopTables, Task<string?>> read)
    {
        await using var connection = ShopDatabase.Open(configuration);
        return await read(new ShopTables(connection)) is { } value ? Results.Ok(value) : Results.NotFound();
    }

    private static string WebhookUrl(IConfiguration configuration) => new Uri(new Uri(configuration["Shop:PublicUrl"]!), "webhooks/paystate").ToString();
}
