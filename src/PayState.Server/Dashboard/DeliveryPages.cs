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
        var hosts = await store.ListTroubledHostsAsync(http.Viewer().MerchantId, http.RequestAborted);
        var since = clock.GetUtcNow().AddDays(-1);
        return new(new { Model = new DeliveriesModel(ObjectPages.Context(http, options, antiforgery), hosts, since) });
    }
}
