using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using PayState.Server.Dashboard.Pages;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// How deliveries go: the share delivered lately and the latest delivered ones; failing and dead deliveries by
/// target host, with a bulk resend of the dead ones per host.
public static class DeliveryPages
{
    private const int DeliveredShown = 10;

    public static async Task<RazorComponentResult<DeliveriesPage>> Hosts(
        HttpContext http, IDashboardStore store, DashboardMode mode, IAntiforgery antiforgery, TimeProvider clock)
    {
        var page = await PageContexts.ForAsync(http, mode, antiforgery, store);
        var merchant = page.Viewer.MerchantId;
        var recent = await store.ListRecentDeliveriesAsync(merchant, DeliveryRate.Sample, http.RequestAborted);
        var delivered = recent.Where(d => d.Delivery.Status == DeliveryStatus.Succeeded).Take(DeliveredShown).ToList();
        var hosts = await store.ListTroubledHostsAsync(merchant, http.RequestAborted);
        var host = http.Request.Query["host"].ToString() is { Length: > 0 } h ? h : null;
        var deliveries = host is null ? [] : await store.ListTroubledDeliveriesAsync(host, merchant, 200, http.RequestAborted);
        var since = clock.GetUtcNow().AddDays(-1);
        return new(new { Model = new DeliveriesModel(page, DeliveryRate.Of(recent), delivered, hosts, since, host, deliveries) });
    }
}
