using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using PayState.Server.Dashboard.Pages;
using PayState.Server.Hosting;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// Failing and dead deliveries by target host, with a bulk resend of the dead ones per host.
public static class DeliveryPages
{
    public static async Task<RazorComponentResult<DeliveriesPage>> Hosts(HttpContext http, IStore store, PayStateOptions options, IAntiforgery antiforgery, TimeProvider clock)
    {
        var merchant = http.Viewer().MerchantId;
        var hosts = await store.ListTroubledHostsAsync(merchant, http.RequestAborted);
        var host = http.Request.Query["host"].ToString() is { Length: > 0 } h ? h : null;
        var deliveries = host is null ? [] : await store.ListTroubledDeliveriesAsync(host, merchant, 200, http.RequestAborted);
        var since = clock.GetUtcNow().AddDays(-1);
        return new(new { Model = new DeliveriesModel(ObjectPages.Context(http, options, antiforgery), hosts, since, host, deliveries) });
    }
}
