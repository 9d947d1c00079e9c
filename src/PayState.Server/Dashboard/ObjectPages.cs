using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using PayState.Server.Dashboard.Pages;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// The object list and an object's page.
public static class ObjectPages
{
    public static async Task<RazorComponentResult<ObjectListPage>> List(
        HttpContext http, IDashboardStore store, DashboardMode mode, IAntiforgery antiforgery, ObjectKinds kinds)
    {
        var page = await PageContexts.ForAsync(http, mode, antiforgery, store);
        var filter = ObjectListFilter.Read(http.Request.Query);
        var objects = await store.ListObjectsAsync(filter.ToQuery(page.Viewer), http.RequestAborted);
        var merchants = page.Viewer.IsOperator ? await store.ListMerchantsAsync(http.RequestAborted) : [];
        var names = merchants.ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        var rows = objects.Select(o => PageContexts.Summarize(kinds, o, names.GetValueOrDefault(o.MerchantId) ?? page.ViewerName)).ToList();
        var older = objects.Count == ObjectListFilter.PageSize ? filter.OlderUrl(objects[^1]) : null;
        return new(new { Model = new ObjectListModel(page, filter, rows, older, merchants) { Kinds = [.. kinds.Select(k => k.Name)] } });
    }

    public static async Task<IResult> Show(
        string id, HttpContext http, IDashboardStore store, DashboardMode mode, IAntiforgery antiforgery, TimeProvider clock, ObjectKinds kinds)
    {
        if (await FindAsync(id, http, store) is not { } value) return NotFound(id);
        var now = clock.GetUtcNow();
        var page = await PageContexts.ForAsync(http, mode, antiforgery, store);
        var merchant = (await store.FindMerchantAsync(value.MerchantId, http.RequestAborted))?.Name ?? value.MerchantId;
        var timeline = await ObjectTimeline.LoadAsync(store, kinds, value, now, http.RequestAborted);
        var moves = mode.Sandbox ? SandboxMoves.For(kinds, value, now) : [];
        var panel = await kinds[value.Kind].PanelAsync(value, store, http.RequestAborted);
        return new RazorComponentResult<ObjectPage>(new
        {
            Model = new ObjectPageModel(page, PageContexts.Summarize(kinds, value, merchant), timeline, moves) { Panel = panel },
        });
    }

    /// The object if this viewer may see it: another merchant's object is answered like one that does not exist.
    public static async Task<PayObject?> FindAsync(string id, HttpContext http, IStore store) =>
        await store.FindObjectAsync(id, http.RequestAborted) is { } value && http.Viewer().CanSee(value.MerchantId) ? value : null;

    public static IResult NotFound(string id) => DashboardHtml.Status(404, $"Object {id} was not found.");
}
