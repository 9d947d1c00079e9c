using Microsoft.AspNetCore.Antiforgery;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// What every signed-in page needs, read once per request.
public static class PageContexts
{
    public static async Task<PageContext> ForAsync(HttpContext http, DashboardMode mode, IAntiforgery antiforgery, IStore store)
    {
        var viewer = http.Viewer();
        var name = viewer.MerchantId is { } id ? (await store.FindMerchantAsync(id, http.RequestAborted))?.Name ?? id : "Operator";
        var message = DashboardMessage.For(http.Request.Query["msg"].ToString(), http.Request.Query["n"].ToString());
        return new(viewer, name, mode.Sandbox, antiforgery.GetAndStoreTokens(http).RequestToken ?? "", message)
        {
            SlicePages = [.. http.RequestServices.GetServices<DashboardPage>()],
        };
    }

    public static ObjectSummary Summarize(ObjectKinds kinds, PayObject value, string merchant)
    {
        var kind = kinds[value.Kind];
        return new ObjectSummary(value, kind.DisplayAmount(value), kind.ToneOf(value.State), merchant);
    }
}
