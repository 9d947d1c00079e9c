using System.Text.Json;
using PayState.Server.Acquiring;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// Sandbox only: a test order created from the browser, on the signed-in merchant's terminal, whose webhooks go to
/// the built-in inbox: the first step of the loop, without a terminal or the CLI.
public static class SandboxOrders
{
    public static async Task<IResult> Create(
        HttpContext http, IStore store, LifecycleEngine engine, AcquiringOrders orders)
    {
        var viewer = http.Viewer();
        var terminal = viewer.TerminalId is { } id ? await store.FindTerminalAsync(id, http.RequestAborted) : null;
        if (terminal is null) return DashboardHtml.Back("/inbox", DashboardMessage.MerchantOnly);
        var now = engine.Now;
        // The same request the API takes, read by the same rules.
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["amount"] = 300,
            ["currency"] = "USDT",
            ["network"] = "ethereum",
            ["external_order_id"] = $"sandbox-{now.ToUnixTimeMilliseconds()}",
            ["webhook_url"] = SandboxInbox.UrlFor(http, "shop"),
        });
        var order = await orders.NewAsync(terminal, orders.Parse(body), now, http.RequestAborted);
        await store.WriteAsync(tx => { order.Write(tx, engine); return true; }, http.RequestAborted);
        engine.Committed(deliveries: false, timers: true);
        return DashboardHtml.Back($"/objects/{order.Order.Id}", DashboardMessage.TestOrder);
    }
}
