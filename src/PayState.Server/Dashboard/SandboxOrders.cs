using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// Sandbox only: a test object created from the browser, on the signed-in merchant's terminal, whose webhooks go to
/// the built-in inbox: the first step of the loop, without a terminal or the CLI. It is made from the sample create
/// request of the first registered kind that offers one (IObjectKind.SandboxSample: an acquiring order), by the same
/// create path as the API's.
public static class SandboxOrders
{
    public static async Task<IResult> Create(HttpContext http, IStore store, LifecycleEngine engine, ObjectKinds kinds)
    {
        var viewer = http.Viewer();
        var terminal = viewer.TerminalId is { } id ? await store.FindTerminalAsync(id, http.RequestAborted) : null;
        if (terminal is null) return DashboardHtml.Back("/inbox", DashboardMessage.MerchantOnly);
        var now = engine.Now;
        var inbox = SandboxInbox.UrlFor(http, "shop");
        if (kinds.Select(k => (Kind: k, Body: k.SandboxSample(inbox, now))).FirstOrDefault(s => s.Body is not null) is not ({ } kind, { } body))
            return DashboardHtml.Status(404, "No kind of object offers a test create.");
        var created = await engine.CreateAsync(kind.Name, terminal, body, (tx, made, insert) => { insert(tx); return made; }, http.RequestAborted);
        return DashboardHtml.Back($"/objects/{created.Object.Id}", DashboardMessage.TestOrder);
    }
}
