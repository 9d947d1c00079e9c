using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using PayState.Server.Dashboard;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Chain;

public sealed record ChainModel(PageContext Page, IReadOnlyList<WatcherStatus> Watchers, IReadOnlyList<ChainTransfer> Alerts);

/// The dashboard's chain page: the chain watchers of this process and the transfers of Paid orders that left the chain
/// since.
public static class ChainPages
{
    private const int AlertLimit = 100;

    public static readonly DashboardPage Page = new("/chain", "Chain", Show);

    public static async Task<RazorComponentResult<ChainPage>> Show(
        HttpContext http, IStore store, DashboardMode mode, IAntiforgery antiforgery, ChainStatus chain)
    {
        var page = await PageContexts.ForAsync(http, mode, antiforgery, store);
        var viewer = page.Viewer;
        var alerts = new List<ChainTransfer>();
        foreach (var t in await store.Chain.RemovedAfterPaidAsync(AlertLimit, http.RequestAborted))
        {
            // A merchant sees the alerts of its own orders only.
            if (viewer.IsOperator || (await store.FindObjectAsync(t.OrderId, http.RequestAborted))?.MerchantId == viewer.MerchantId) alerts.Add(t);
        }
        return new(new { Model = new ChainModel(page, chain.All, alerts) });
    }
}
