using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using PayState.Server.Dashboard.Pages;
using PayState.Server.Hosting;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// The object list and an object's page.
public static class ObjectPages
{
    public static async Task<RazorComponentResult<ObjectListPage>> List(HttpContext http, IStore store, PayStateOptions options, IAntiforgery antiforgery)
    {
        var viewer = http.Viewer();
        var filter = ObjectListFilter.Read(http.Request.Query);
        var objects = await store.ListObjectsAsync(filter.ToQuery(viewer), http.RequestAborted);
        var merchants = viewer.IsOperator ? await store.ListMerchantsAsync(http.RequestAborted) : [];
        var older = objects.Count == ObjectListFilter.PageSize ? filter.OlderUrl(objects[^1]) : null;
        return new(new { Model = new ObjectListModel(Context(http, options, antiforgery), filter, objects, older, merchants) });
    }

    public static async Task<IResult> Show(string id, HttpContext http, IStore store, PayStateOptions options, IAntiforgery antiforgery, TimeProvider clock)
    {
        if (await FindAsync(id, http, store) is not { } value) return NotFound(id);
        var timeline = await ObjectTimeline.LoadAsync(store, value, clock.GetUtcNow(), http.RequestAborted);
        var moves = options.Sandbox ? SandboxMoves.For(value) : [];
        var payment = await OrderPaymentModel.LoadAsync(store, value, http.RequestAborted);
        return new RazorComponentResult<ObjectPage>(new { Model = new ObjectPageModel(Context(http, options, antiforgery), timeline, moves) { Payment = payment } });
    }

    /// The object if this viewer may see it: another merchant's object is answered like one that does not exist.
    public static async Task<PayObject?> FindAsync(string id, HttpContext http, IStore store) =>
        await store.FindObjectAsync(id, http.RequestAborted) is { } value && http.Viewer().CanSee(value.MerchantId) ? value : null;

    public static IResult NotFound(string id) => DashboardHtml.Status(404, $"Object {id} was not found.");

    public static PageContext Context(HttpContext http, PayStateOptions options, IAntiforgery antiforgery) =>
        new(http.Viewer(), options.Sandbox, antiforgery.GetAndStoreTokens(http).RequestToken ?? "", http.Request.Query["msg"].ToString() is { Length: > 0 } m ? m : null);
}
